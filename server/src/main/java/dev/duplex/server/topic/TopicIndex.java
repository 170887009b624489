package dev.duplex.server.topic;

import dev.duplex.server.protocol.FastFrames;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which local subscribers (sessions) want which topic. Lookup is one hash probe, whatever the topic count. It is
 * the {@link Broker.Listener} of its hub: publishes and gaps reach the local subscribers through it.
 *
 * <p>Subscribers may also hold {@linkplain TopicPattern patterns}. While any is held, each publish also scans the
 * patterns (one check per distinct pattern), and a subscriber that matches through several subscriptions
 * gets the publish once, as CometD delivers it once per session.
 *
 * <p>A session that moved here from another node {@linkplain #follow follows} each of its topics until this node's
 * stream carries on exactly where its old node's stopped ({@link Follower}); it costs the other sessions nothing.
 */
public final class TopicIndex implements Broker.Listener {
    /** Publishes of one topic are delivered one at a time under one of these, chosen by the topic's hash. */
    private static final int LOCK_STRIPES = 64;

    private final Map<String, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private final Map<TopicPattern, Set<Subscriber>> patterns = new ConcurrentHashMap<>();
    private final Object[] locks = new Object[LOCK_STRIPES];
    /** The mark of the last numbered publish delivered here, per topic (a networked broker's only). */
    private final Map<String, StreamMark> marks = new ConcurrentHashMap<>();
    /** Subscribers that moved here and are not yet caught up with this node's stream, per topic. */
    private final Map<String, Map<Subscriber, Follower>> followers = new ConcurrentHashMap<>();

    /** Reads a topic's publishes after a mark: a broker's {@link Broker#since}. */
    @FunctionalInterface
    public interface HistoryReader {
        /** As {@link Broker#since}. */
        CompletionStage<Broker.History> since(String topic, StreamMark mark);
    }

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

    /**
     * Adds a subscriber that moved here from another node, where the last publish of {@code topic} it got was
     * {@code mark} (null if none was numbered: then it is added as any other). Until this node's deliveries go on
     * from that mark, the ones it got already are dropped and the ones it missed are read with {@code history}
     * and delivered first; a hole that cannot be filled is announced with a {@code reset}.
     *
     * @param history reads the publishes after a mark (the broker's {@link Broker#since})
     * @return true if it is the topic's first subscriber on this node
     */
    public boolean follow(String topic, Subscriber subscriber, StreamMark mark, HistoryReader history) {
        if (mark == null) {
            return add(topic, subscriber);
        }
        synchronized (lockFor(topic)) {
            Follower follower = new Follower(topic, subscriber, mark, history);
            followers.computeIfAbsent(topic, t -> new ConcurrentHashMap<>()).put(subscriber, follower);
            boolean first = add(topic, subscriber);
            StreamMark here = marks.get(topic);
            if (first || !mark.sameEpoch(here) || here.offset() > mark.offset()) {
                // This node is ahead of the subscriber's old one, or its place is not known yet: read what it missed.
                follower.fetching();
                fetch(topic, follower);
            }
            return first;
        }
    }

    /** Reads the history the follower asks for; on its arrival, under the topic's lock, the follower goes on. */
    private void fetch(String topic, Follower follower) {
        follower.readHistory().whenComplete((found, failure) -> {
            synchronized (lockFor(topic)) {
                Map<Subscriber, Follower> ofTopic = followers.get(topic);
                if (ofTopic != null && ofTopic.containsValue(follower)) { // else unsubscribed meanwhile
                    settle(topic, follower, follower.fetched(failure == null ? found : null));
                }
            }
        });
    }

    private void followerOffer(String topic, Follower follower, String tail, StreamMark mark) {
        Follower.State before = follower.state();
        Follower.State after = follower.offer(tail, mark);
        if (before != Follower.State.FETCHING) {
            settle(topic, follower, after);
        }
    }

    private void settle(String topic, Follower follower, Follower.State state) {
        if (state == Follower.State.FETCHING) {
            fetch(topic, follower);
        } else if (state == Follower.State.CAUGHT_UP) {
            forget(topic, follower);
        }
    }

    private void forget(String topic, Follower follower) {
        followers.computeIfPresent(topic, (t, ofTopic) -> {
            ofTopic.values().remove(follower);
            return ofTopic.isEmpty() ? null : ofTopic;
        });
    }

    /** Removes a subscriber; returns true if the topic has no local subscriber left. */
    public boolean remove(String topic, Subscriber subscriber) {
        followers.computeIfPresent(topic, (t, ofTopic) -> {
            ofTopic.remove(subscriber);
            return ofTopic.isEmpty() ? null : ofTopic;
        });
        boolean last = removeFrom(subscribers, topic, subscriber);
        if (last) {
            marks.remove(topic); // the broker forgets the topic: its place here is unknown until it is back
        }
        return last;
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
    public void onPublish(String topic, String payloadJson, StreamMark mark) {
        deliver(topic, payloadJson, mark);
    }

    @Override
    public void onPosition(String topic, StreamMark mark) {
        synchronized (lockFor(topic)) {
            marks.put(topic, mark);
            Map<Subscriber, Follower> following = followers.get(topic);
            if (following != null) {
                for (Follower follower : List.copyOf(following.values())) {
                    Follower.State before = follower.state();
                    Follower.State after = follower.positioned(mark);
                    if (before != after) {
                        settle(topic, follower, after);
                    }
                }
            }
        }
    }

    @Override
    public void onGap(String topic) {
        // Under the topic's lock, like a delivery: the reset takes its place in the topic's order.
        synchronized (lockFor(topic)) {
            Map<Subscriber, Follower> following = followers.get(topic);
            for (Subscriber target : targets(topic)) {
                Follower follower = following == null ? null : following.get(target);
                if (follower != null) {
                    follower.gap();
                } else {
                    target.topicGap(topic);
                }
            }
        }
    }

    /** Delivers one publish to every local subscriber; the encoded tail is built once. */
    public void deliver(String topic, String payloadJson) {
        deliver(topic, payloadJson, null);
    }

    /**
     * Delivers one publish a networked broker numbered ({@code mark}, or null) to every local subscriber; each
     * remembers the mark, and a subscriber that moved here is given it only if it did not get it already.
     */
    public void deliver(String topic, String payloadJson, StreamMark mark) {
        // One publish at a time per topic, so every subscriber sees the topic's publishes in the same order.
        synchronized (lockFor(topic)) {
            if (mark != null) {
                marks.put(topic, mark);
            }
            Collection<Subscriber> targets = targets(topic);
            if (targets.isEmpty()) {
                return;
            }
            String tail = FastFrames.topicTail(topic, payloadJson);
            Map<Subscriber, Follower> following = followers.isEmpty() ? null : followers.get(topic);
            for (Subscriber target : targets) {
                Follower follower = following == null ? null : following.get(target);
                if (follower != null) {
                    followerOffer(topic, follower, tail, mark);
                } else if (mark != null) {
                    target.deliver(tail, topic, mark);
                } else {
                    target.deliver(tail);
                }
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
