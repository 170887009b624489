package dev.duplex.server.topic;

import dev.duplex.server.protocol.FastFrames;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Which local subscribers (sessions) want which topic. Lookup is one hash probe, whatever the topic count. */
public final class TopicIndex {
    private final Map<String, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();

    /** Adds a subscriber; returns true if it is the topic's first on this node. */
    public boolean add(String topic, Subscriber subscriber) {
        boolean[] first = {false};
        subscribers.compute(topic, (name, set) -> {
            Set<Subscriber> target = set == null ? ConcurrentHashMap.newKeySet() : set;
            first[0] = set == null;
            target.add(subscriber);
            return target;
        });
        return first[0];
    }

    /** Removes a subscriber; returns true if the topic has no local subscriber left. */
    public boolean remove(String topic, Subscriber subscriber) {
        boolean[] last = {false};
        subscribers.computeIfPresent(topic, (name, set) -> {
            set.remove(subscriber);
            last[0] = set.isEmpty();
            return set.isEmpty() ? null : set;
        });
        return last[0];
    }

    /** Delivers one publish to every local subscriber; the encoded tail is built once. */
    public void deliver(String topic, String payloadJson) {
        Set<Subscriber> targets = subscribers.get(topic);
        if (targets == null || targets.isEmpty()) {
            return;
        }
        String tail = FastFrames.topicTail(topic, payloadJson);
        // One publish at a time per topic, so every subscriber sees the topic's publishes in the same order.
        synchronized (targets) {
            for (Subscriber target : targets) {
                target.deliver(tail);
            }
        }
    }
}
