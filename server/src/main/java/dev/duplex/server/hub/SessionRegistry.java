package dev.duplex.server.hub;

import dev.duplex.server.session.Session;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The hub's open sessions by id, with a hard cap. */
final class SessionRegistry {
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger reserved = new AtomicInteger();
    private final int max;

    SessionRegistry(int max) {
        this.max = max;
    }

    /** Reserves room for one session; false when the cap is reached. */
    boolean reserve() {
        if (reserved.incrementAndGet() > max) {
            reserved.decrementAndGet();
            return false;
        }
        return true;
    }

    /**
     * Adds a session handed over by another node, even past the cap: refusing it would lose it, and the
     * cluster as a whole holds no more sessions than before.
     */
    boolean adopt(Session session) {
        if (sessions.putIfAbsent(session.id(), session) != null) {
            return false;
        }
        reserved.incrementAndGet();
        return true;
    }

    void add(Session session) {
        sessions.put(session.id(), session);
    }

    void remove(Session session) {
        if (sessions.remove(session.id(), session)) {
            reserved.decrementAndGet();
        }
    }

    Optional<Session> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(sessions.get(id));
    }

    Collection<Session> all() {
        return sessions.values();
    }

    /** The ids of the open sessions. */
    Set<String> openIds() {
        Set<String> ids = new HashSet<>();
        for (Session session : sessions.values()) {
            if (session.isOpen()) {
                ids.add(session.id());
            }
        }
        return ids;
    }

    int size() {
        return sessions.size();
    }
}
