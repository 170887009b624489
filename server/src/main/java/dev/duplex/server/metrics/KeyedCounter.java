package dev.duplex.server.metrics;

import dev.duplex.server.api.Metrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A counter with tags (a reason, an error code): one {@link LongAdder} per combination of tag values. Bounded:
 * past {@code maxKeys} combinations, new ones count under {@code other}, so no client can grow it for ever.
 * Each combination is announced once, when first counted. Meant for events (a switch, a refusal), not for
 * every message: counting allocates the key.
 */
final class KeyedCounter {
    static final String OTHER = "other";

    private final String name;
    private final String description;
    private final List<String> tagNames;
    private final int maxKeys;
    private final Consumer<Metrics.Figure> announce;
    private final Map<List<String>, LongAdder> counts = new ConcurrentHashMap<>();

    KeyedCounter(String name, String description, List<String> tagNames, int maxKeys,
            Consumer<Metrics.Figure> announce) {
        this.name = name;
        this.description = description;
        this.tagNames = List.copyOf(tagNames);
        this.maxKeys = maxKeys;
        this.announce = announce;
    }

    /** Counts one event with these tag values, in the order of the tag names. */
    void increment(String... values) {
        List<String> key = List.of(values);
        LongAdder count = counts.get(key);
        (count == null ? create(key) : count).increment();
    }

    private LongAdder create(List<String> key) {
        LongAdder created;
        synchronized (this) {
            LongAdder existing = counts.get(key);
            if (existing != null) {
                return existing;
            }
            List<String> kept = counts.size() < maxKeys - 1 ? key : others();
            existing = counts.get(kept);
            if (existing != null) {
                return existing;
            }
            created = new LongAdder();
            counts.put(kept, created);
            key = kept;
        }
        announce.accept(figure(key, created));
        return created;
    }

    private List<String> others() {
        List<String> other = new ArrayList<>(tagNames.size());
        tagNames.forEach(tag -> other.add(OTHER));
        return List.copyOf(other);
    }

    private Metrics.Figure figure(List<String> key, LongAdder count) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < tagNames.size(); i++) {
            tags.put(tagNames.get(i), key.get(i));
        }
        return new Metrics.Figure(name, tags, Metrics.Kind.COUNTER, description, count::sum);
    }


    /** Every tag combination counted so far, as figures. */
    List<Metrics.Figure> figures() {
        List<Metrics.Figure> figures = new ArrayList<>();
        counts.forEach((key, count) -> figures.add(figure(key, count)));
        return figures;
    }

    /** The counts keyed by the tag values joined with {@code /} (for the admin view). */
    Map<String, Long> byKey() {
        Map<String, Long> out = new java.util.TreeMap<>();
        counts.forEach((key, count) -> out.put(String.join("/", key), count.sum()));
        return out;
    }
}
