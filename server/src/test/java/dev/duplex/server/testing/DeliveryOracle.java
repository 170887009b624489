package dev.duplex.server.testing;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one judge of every delivery scenario, for one direction of one session. Each application message
 * carries {@code {"p":producer,"n":seq}} with {@code n} counting 1, 2, 3 … per producer; the oracle is told
 * what each producer sent, what arrived (in arrival order) and every {@code reset} the receiver was shown,
 * and reports loss, duplicates, reordering, and gaps that no {@code reset} announced.
 *
 * <p>A reset names session frames, not producer numbers, so it excuses as many missing producer messages
 * as it announced frames, for gaps that open after it arrived: loss explained by the protocol is not a
 * failure, silent loss is. Thread-safe.
 */
public final class DeliveryOracle {
    private final String direction;
    private final Map<String, Long> sent = new ConcurrentHashMap<>();
    private final List<Event> arrivals = new ArrayList<>();

    private sealed interface Event permits Delivered, Reset { }

    private record Delivered(String producer, long n) implements Event { }

    private record Reset(long frames) implements Event { }

    /** An oracle for one direction, named for failure messages, e.g. {@code "server to client"}. */
    public DeliveryOracle(String direction) {
        this.direction = direction;
    }

    /** The payload JSON of message {@code n} of {@code producer}. */
    public static String payload(String producer, long n) {
        return "{\"p\":\"" + producer + "\",\"n\":" + n + "}";
    }

    /** Records that {@code producer} has sent messages 1 to {@code n}. Returns the payload of {@code n}. */
    public String sent(String producer, long n) {
        sent.merge(producer, n, Math::max);
        return payload(producer, n);
    }

    /** Records an arrival, given the payload JSON as the receiving application saw it. */
    public void received(String payloadJson) {
        JsonObject json = JsonParser.parseString(payloadJson).getAsJsonObject();
        Delivered delivered = new Delivered(json.get("p").getAsString(), json.get("n").getAsLong());
        synchronized (arrivals) {
            arrivals.add(delivered);
        }
    }

    /** Records a {@code reset} announcing that session frames {@code from} to {@code to} are lost. */
    public void reset(long from, long to) {
        synchronized (arrivals) {
            arrivals.add(new Reset(to - from + 1));
        }
    }

    /** Whether every message sent so far has arrived at least once, or was announced lost. */
    public boolean complete() {
        synchronized (arrivals) {
            if (arrivals.size() < totalSent()) {
                return false;
            }
        }
        return verdict().missing() == 0;
    }

    /** The outcome so far. */
    public Verdict verdict() {
        List<Event> events;
        synchronized (arrivals) {
            events = List.copyOf(arrivals);
        }
        Map<String, BitSet> seen = new LinkedHashMap<>();
        Map<String, Long> last = new LinkedHashMap<>();
        long excusable = 0;
        long duplicates = 0;
        long reordered = 0;
        long announced = 0;
        long unannounced = 0;
        long delivered = 0;
        for (Event event : events) {
            if (event instanceof Reset reset) {
                excusable += reset.frames();
                continue;
            }
            Delivered d = (Delivered) event;
            BitSet bits = seen.computeIfAbsent(d.producer(), p -> new BitSet());
            long previous = last.getOrDefault(d.producer(), 0L);
            if (bits.get((int) d.n())) {
                duplicates++;
                continue;
            }
            bits.set((int) d.n());
            delivered++;
            if (d.n() < previous) {
                reordered++;
                continue;
            }
            long gap = d.n() - previous - 1;
            long excused = Math.min(gap, excusable);
            excusable -= excused;
            announced += excused;
            unannounced += gap - excused;
            last.put(d.producer(), d.n());
        }
        long missing = 0;
        for (Map.Entry<String, Long> producer : sent.entrySet()) {
            BitSet bits = seen.getOrDefault(producer.getKey(), new BitSet());
            missing += producer.getValue() - bits.get(1, (int) (producer.getValue() + 1)).cardinality();
        }
        return new Verdict(direction, totalSent(), delivered, duplicates, reordered, unannounced, announced,
                Math.max(0, missing - announced));
    }

    private long totalSent() {
        return sent.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * What happened to one direction's messages.
     *
     * @param sent        messages the producers sent
     * @param delivered   distinct messages that arrived
     * @param duplicates  messages that arrived more than once (each extra arrival counts)
     * @param reordered   arrivals older than one already delivered from the same producer
     * @param silentGaps  messages skipped over without a reset announcing them
     * @param announced   messages skipped over and announced by a reset
     * @param missing     messages neither delivered nor announced (so far: lost, if the run is over)
     */
    public record Verdict(String direction, long sent, long delivered, long duplicates, long reordered,
            long silentGaps, long announced, long missing) {

        /** Nothing lost, duplicated, reordered or skipped silently. */
        public boolean clean() {
            return duplicates == 0 && reordered == 0 && silentGaps == 0 && missing == 0;
        }

        /** Fails with this verdict unless it is clean. */
        public Verdict assertClean(String context) {
            if (!clean()) {
                throw new AssertionError(context + ": " + this);
            }
            return this;
        }
    }
}
