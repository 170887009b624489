package dev.duplex.server.api;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The figures of one hub, for monitoring: how many sessions on which transport, switches and their reasons,
 * resets, refusals, traffic, and why clients fell back to long-polling. The mount publishes them as a JMX
 * MBean ({@code dev.duplex:type=Hub,path=/chat}); the optional {@code duplex-micrometer} module binds them to
 * a Micrometer registry. Reading a figure is cheap and thread-safe; counters only grow.
 *
 * <p>A figure with tags (a reason, an error code) appears the first time that tag value is counted, so a
 * binder registers {@link #figures()} once and then everything {@link #onNewFigure} reports. Tag values are
 * bounded: past a few dozen per figure, further values are counted under {@code other}.
 */
public interface Metrics {

    /** Whether a figure only grows (a counter) or goes up and down (a gauge). */
    enum Kind { COUNTER, GAUGE }

    /**
     * One figure.
     *
     * @param name        a dotted name, e.g. {@code duplex.resets}
     * @param tags        its dimensions in a fixed order, e.g. {@code reason=overflow}; empty for none
     * @param kind        counter or gauge
     * @param description what it counts, for humans
     * @param value       its current value
     */
    record Figure(String name, Map<String, String> tags, Kind kind, String description, LongSupplier value) {
        /** Copies the tags, keeping their order. */
        public Figure {
            tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
        }

        /** {@code name} without its {@code duplex.} prefix, then each tag value, dot-separated: a JMX attribute. */
        public String flatName() {
            StringBuilder out = new StringBuilder(name.startsWith("duplex.") ? name.substring(7) : name);
            tags.values().forEach(value -> out.append('.').append(value));
            return out.toString();
        }
    }

    /** Every figure that exists now. */
    List<Figure> figures();

    /** Calls {@code listener} with each figure that appears from now on (a tag value counted the first time). */
    void onNewFigure(Consumer<Figure> listener);
}
