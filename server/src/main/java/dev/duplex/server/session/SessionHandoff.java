package dev.duplex.server.session;

import java.util.List;
import java.util.Set;

/**
 * What a stopping node does with its sessions before it tells their clients to go (docs/cluster.md, "Drain"):
 * a cluster writes each one as a snapshot that exactly one other node can take, so the client's resume on any
 * node carries on with no reset and the application sees no close; a single node does nothing ({@link #NONE}).
 * The stop sequence calls it after it started refusing new requests, and before it answers the transports
 * still attached.
 */
public interface SessionHandoff {
    /** A single node's: nothing is handed off, every session closes as usual. */
    SessionHandoff NONE = sessions -> Set.of();

    /**
     * Hands off what it can of {@code sessions}. A session taken is {@link SessionState#MOVED}: its transport
     * is left attached for the stop sequence to answer, and it must be dropped without telling the application
     * it closed.
     *
     * @return the sessions taken; the others are the caller's to close as usual
     */
    Set<Session> handOff(List<Session> sessions);
}
