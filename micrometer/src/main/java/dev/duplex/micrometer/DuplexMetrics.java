package dev.duplex.micrometer;

import dev.duplex.server.api.Hub;
import dev.duplex.server.api.Metrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Binds a hub's figures ({@link Hub#metrics()}) to a Micrometer registry: every figure becomes a
 * {@link FunctionCounter} or a {@link Gauge} of the same name, with its tags and a {@code mount} tag (the hub's
 * path), read from the hub when the registry is scraped. Tagged figures that appear later (a reason counted
 * for the first time) are registered as they appear. The same figures the mount publishes over JMX.
 *
 * <pre>{@code
 * Hub chat = Duplex.mount(context, "/chat", new ChatHandler());
 * new DuplexMetrics(chat).bindTo(registry);      // or declare it as a MeterBinder bean in Spring Boot
 * }</pre>
 *
 * <p>In Prometheus' text format the counters get a {@code _total} suffix and dots become underscores, e.g.
 * {@code duplex_resets_total{mount="/chat",reason="overflow"}}.
 */
public final class DuplexMetrics implements MeterBinder {
    private final Hub hub;
    private final Iterable<Tag> extraTags;

    /** Binds {@code hub}'s figures, tagged {@code mount=<hub path>}. */
    public DuplexMetrics(Hub hub) {
        this(hub, Tags.empty());
    }

    /** Binds {@code hub}'s figures with {@code extraTags} besides {@code mount} (e.g. an application name). */
    public DuplexMetrics(Hub hub, Iterable<Tag> extraTags) {
        this.hub = Objects.requireNonNull(hub, "hub");
        this.extraTags = Objects.requireNonNull(extraTags, "extraTags");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Metrics metrics = hub.metrics();
        // Listen first, then register what exists: a figure that appears in between is registered twice, which
        // Micrometer answers with the meter it already has.
        metrics.onNewFigure(figure -> register(registry, metrics, figure));
        metrics.figures().forEach(figure -> register(registry, metrics, figure));
    }

    private void register(MeterRegistry registry, Metrics metrics, Metrics.Figure figure) {
        List<Tag> tags = new ArrayList<>();
        tags.add(Tag.of("mount", hub.path()));
        figure.tags().forEach((key, value) -> tags.add(Tag.of(key, value)));
        Tags all = Tags.of(tags).and(extraTags);
        if (figure.kind() == Metrics.Kind.COUNTER) {
            // Micrometer holds the state object weakly: the hub's own Metrics lives as long as the hub.
            FunctionCounter.builder(figure.name(), metrics, m -> figure.value().getAsLong())
                    .description(figure.description()).tags(all).register(registry);
        } else {
            Gauge.builder(figure.name(), metrics, m -> figure.value().getAsLong())
                    .description(figure.description()).tags(all).register(registry);
        }
    }
}
