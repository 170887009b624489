package dev.duplex.server.session;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a session, with its transition table. Transports come and go without changing it: whether one is
 * attached is the session's transport, not its state.
 */
public enum SessionState {
    /** Created by a handshake; messages flow both ways, over a transport or queued for the next one. */
    OPEN,
    /**
     * The server closed the session ({@code Channel.close}): its numbered close frame is queued after every
     * earlier frame, and the session ends when the client acknowledges it, or when the client stays silent for
     * the heartbeat timeout. Nothing new is sent.
     */
    CLOSING,
    /**
     * Ended for good: the close was delivered, the client closed, the resume window passed, or the server shut
     * down. Terminal.
     */
    CLOSED,
    /**
     * Handed to another node of a cluster as a snapshot (a WebSocket pulled it, or this node drains): the
     * session lives on there, so this copy takes nothing more and tells the application nothing (no close).
     * Terminal on this node.
     */
    MOVED;

    private Set<SessionState> next;

    static {
        // OPEN -> CLOSED directly only when nothing is owed to the client: it closed itself, it is gone past
        // the resume window, or the server is shutting down. A close of the server's own goes through CLOSING.
        // OPEN -> MOVED only: a closing session owes its client the close frame here, and is not handed off.
        OPEN.next = EnumSet.of(CLOSING, CLOSED, MOVED);
        CLOSING.next = EnumSet.of(CLOSED);
        CLOSED.next = EnumSet.noneOf(SessionState.class);
        MOVED.next = EnumSet.noneOf(SessionState.class);
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
