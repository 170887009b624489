package dev.duplex.server.topic;

import dev.duplex.server.protocol.FastFrames;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which local subscribers (sessions) want which topic. Lookup is one hash probe, whatever the topic count. It is
 * the {@link Broker.Listener} of its hub: publishes and gaps reach the local subscribers through it.
 *
 * <p>Subscribers may also hold {@linkplain TopicPattern patterns}. While any is held, each publish also scans the
 * patterns (one check per distinct pattern), and a subscriber that matches through several subscriptions
 * gets the publish once, as CometD delivers it once per session.
 */
public final class TopicIndex implements Broker.Listener {
    /** Publishes of one topic are delivered one at a time under one of these, chosen by the topic's hash. */
    private static final int LOCK_STRIPES = 64;

    private final Map<String, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private final Map<TopicPattern, Set<Subscriber>> patterns = new ConcurrentHashMap<>();
    private final Object[] locks = new Object[LOCK_STRIPES];

    public TopicIndex() {
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

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
        return removeFrom(subscribers, topic, subscriber);
    }

    /** Adds a pattern subscriber: from now on it gets every publish to a topic the pattern matches. */
    public void addPattern(TopicPattern pattern, Subscriber subscriber) {
        patterns.computeIfAbsent(pattern, p -> ConcurrentHashMap.newKeySet()).add(subscriber);
    }

    /** Removes a pattern subscriber. */
    public void removePattern(TopicPattern pattern, Subscriber subscriber) {
        removeFrom(patterns, pattern, subscriber);
    }

    private static <K> boolean removeFrom(Map<K, Set<Subscriber>> index, K key, Subscriber subscriber) {
        boolean[] last = {false};
        index.computeIfPresent(key, (name, set) -> {
            set.remove(subscriber);
            last[0] = set.isEmpty();
            return set.isEmpty() ? null : set;
        });
        return last[0];
    }

    @Override
    public void onPublish(String topic, String payloadJson) {
        deliver(topic, payloadJson);
    }

    @Override
    public void onGap(String topic) {
        // Under the topic's lock, like a delivery: the reset takes its place in the topic's order.
        synchronized (lockFor(topic)) {
            for (Subscriber target : targets(topic)) {
                target.topicGap(topic);
            }
        }
    }

    /** Delivers one publish to every local subscriber; the encoded tail is built once. */
    public void deliver(String topic, String payloadJson) {
        // One publish at a time per topic, so every subscriber sees the topic's publishes in the same order.
        synchronized (lockFor(topic)) {
            Collection<Subscriber> targets = targets(topic);
            if (targets.isEmpty()) {
                return;
            }
            String tail = FastFrames.topicTail(topic, payloadJson);
            for (Subscriber target : targets) {
                target.deliver(tail);
            }
        }
    }

    private Object lockFor(String topic) {
        return locks[Math.floorMod(topic.hashCode(), LOCK_STRIPES)];
    }

    /** The topic's exact subscribers and, when patterns are held, the matching ones, each once. */
    private Collection<Subscriber> targets(String topic) {
        Set<Subscriber> exact = subscribers.get(topic);
        if (patterns.isEmpty()) {
            return exact == null ? Set.of() : exact;
        }
        Set<Subscriber> all = exact == null ? new LinkedHashSet<>() : new LinkedHashSet<>(exact);
        patterns.forEach((pattern, matching) -> {
            if (pattern.matches(topic)) {
                all.addAll(matching);
            }
        });
        return all;
    }
}
