package dev.duplex.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.duplex.server.protocol.Frame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Judges one subscriber's topic stream: publications are {@code {"p":publisher,"n":number}}, numbered from 1 per
 * publisher. Every publisher's numbers must arrive rising (order, no duplicate), and any number skipped must have
 * a {@code topic_gap} reset for the topic before it: a gap may happen, a silent one may not.
 */
final class TopicOracle implements Consumer<Frame> {
    private final String topic;
    private final List<String> events = new ArrayList<>();
    private final Set<Long> resetSeqs = new HashSet<>();
    private int resets;

    TopicOracle(String topic) {
        this.topic = topic;
    }

    @Override
    public synchronized void accept(Frame frame) {
        if (frame instanceof Frame.Msg m && topic.equals(m.topic())) {
            JsonObject d = JsonParser.parseString(m.d()).getAsJsonObject();
            events.add(d.get("p").getAsString() + ":" + d.get("n").getAsLong());
        } else if (frame instanceof Frame.Reset r && r.reason().equals("topic_gap") && r.topics().contains(topic)
                && resetSeqs.add(r.to())) {
            events.add("gap");
            resets++;
        }
    }

    /** How many publications of {@code publisher} arrived. */
    synchronized int received(String publisher) {
        return (int) events.stream().filter(e -> e.startsWith(publisher + ":")).count();
    }

    /** Whether publication {@code n} of {@code publisher} arrived. */
    synchronized boolean has(String publisher, long n) {
        return events.contains(publisher + ":" + n);
    }

    /** Topic gaps announced (each once, however often replayed). */
    synchronized int resets() {
        return resets;
    }

    /** The publications in arrival order, gaps included. */
    synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** Order kept, nothing twice, and no number skipped without a reset before it. */
    synchronized void check() {
        Map<String, Long> last = new HashMap<>();
        Map<String, Integer> gapsSeenAtLast = new HashMap<>();
        int gaps = 0;
        for (String event : events) {
            if (event.equals("gap")) {
                gaps++;
                continue;
            }
            String publisher = event.substring(0, event.indexOf(':'));
            long n = Long.parseLong(event.substring(event.indexOf(':') + 1));
            long previous = last.getOrDefault(publisher, 0L);
            if (n <= previous) {
                fail("publisher " + publisher + ": " + n + " after " + previous + " (order or duplicate) in " + events);
            }
            boolean told = gaps > gapsSeenAtLast.getOrDefault(publisher, 0);
            if (n != previous + 1 && !told) {
                fail("publisher " + publisher + ": silent gap " + (previous + 1) + ".." + (n - 1) + " in " + events);
            }
            last.put(publisher, n);
            gapsSeenAtLast.put(publisher, gaps);
        }
        assertTrue(!events.isEmpty(), "nothing arrived");
    }
}
