package dev.duplex.server.hub;

import dev.duplex.server.session.Session;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
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

    int size() {
        return sessions.size();
    }
}
