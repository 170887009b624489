package dev.duplex.server.session;

import java.util.List;
import java.util.Set;

/**
 * Where a stopping node's sessions go before it tells their clients to leave: the seam a cluster module
 * implements to move sessions to another node (issue 14, a rolling deploy that loses nothing). A single node
 * has nowhere to send them: {@link #NONE}.
 *
 * <p>A graceful stop (PROTOCOL.md section 5, "A node that stops") runs in this order: new requests are
 * refused with {@code 503 shutting_down}; then {@link #handOff} runs with every open session; then each
 * session's transport is told {@code away}; then every session is dropped. A session the hand-off took ends
 * here without {@code ChannelHandler.onClose} (nor {@code onUnsubscribe} or a transport change): it lives on
 * elsewhere, and the client resumes it there. A session it did not take closes as on any shutdown.
 *
 * <p>The mount finds a cluster's hand-off on its topic broker: a {@code Broker} that also implements this
 * interface is used as the mount's hand-off.
 */
@FunctionalInterface
public interface SessionHandoff {
    /** Takes nothing: every session closes with the node. */
    SessionHandoff NONE = sessions -> Set.of();

    /**
     * Moves what it can of {@code sessions} elsewhere, while their transports still serve them (a client may
     * still be sending and acking). Called once per stop, on a thread of its own; the mount waits at most
     * {@code stopGraceMillis} for it and, past that deadline, goes on as if it had taken nothing, so an
     * implementation must finish (or give up) within it.
     *
     * @param sessions every session open when the stop began
     * @return the sessions it took; those end here without telling the application
     */
    Set<Session> handOff(List<Session> sessions);
}
