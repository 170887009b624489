package dev.duplex.server.session;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a session, with its transition table. A transport switch is not a state change: the session
 * stays {@link #ATTACHED}.
 */
public enum SessionState {
    /** Created by a handshake; no transport has attached yet. The resume window already runs. */
    NEW,
    /** A transport is attached. */
    ATTACHED,
    /** The transport is gone; the session waits for the client inside the resume window. */
    DETACHED,
    /** Closed for good: by either side, or because the resume window passed. Terminal. */
    CLOSED;

    private Set<SessionState> next;

    static {
        NEW.next = EnumSet.of(ATTACHED, CLOSED);
        ATTACHED.next = EnumSet.of(DETACHED, CLOSED);
        DETACHED.next = EnumSet.of(ATTACHED, CLOSED);
        CLOSED.next = EnumSet.noneOf(SessionState.class);
    }

    /** Whether the table allows moving from this state to {@code target}. */
    public boolean canMoveTo(SessionState target) {
        return next.contains(target);
    }

    /**
     * Checks a move against the table.
     *
     * @throws IllegalStateException if the table forbids it
     */
    public SessionState moveTo(SessionState target) {
        if (!canMoveTo(target)) {
            throw new IllegalStateException("illegal session transition " + this + " -> " + target);
        }
        return target;
    }
}
