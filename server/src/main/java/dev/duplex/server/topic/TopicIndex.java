package dev.duplex.server.topic;

import dev.duplex.server.session.Session;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which local sessions subscribe to which topic. Lookup is one hash probe, whatever the topic count. It is the
 * {@link Broker.Listener} of its hub: publishes and gaps reach the local subscribers through it.
 */
public final class TopicIndex implements Broker.Listener {
    private final Map<String, Set<Session>> subscribers = new ConcurrentHashMap<>();

    /** Adds a subscriber; returns true if it is the topic's first on this node. */
    public boolean add(String topic, Session session) {
        boolean[] first = {false};
        subscribers.compute(topic, (name, set) -> {
            Set<Session> target = set == null ? ConcurrentHashMap.newKeySet() : set;
            first[0] = set == null;
            target.add(session);
            return target;
        });
        return first[0];
    }

    /** Removes a subscriber; returns true if the topic has no local subscriber left. */
    public boolean remove(String topic, Session session) {
        boolean[] last = {false};
        subscribers.computeIfPresent(topic, (name, set) -> {
            set.remove(session);
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
        Set<Session> sessions = subscribers.get(topic);
        if (sessions == null) {
            return;
        }
        // Under the topic's monitor, like a delivery: the reset takes its place in the topic's order.
        synchronized (sessions) {
            for (Session session : sessions) {
                session.topicGap(topic);
            }
        }
    }

    /** Delivers one publish to every local subscriber; the encoded tail is built once. */
    public void deliver(String topic, String payloadJson) {
        Set<Session> sessions = subscribers.get(topic);
        if (sessions == null || sessions.isEmpty()) {
            return;
        }
        String tail = Session.topicTail(topic, payloadJson);
        // One publish at a time per topic, so every subscriber sees the topic's publishes in the same order.
        synchronized (sessions) {
            for (Session session : sessions) {
                session.deliver(tail);
            }
        }
    }
}
