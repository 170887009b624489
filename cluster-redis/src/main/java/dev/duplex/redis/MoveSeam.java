package dev.duplex.redis;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The moments of a session's move between nodes, for tests that act exactly then ({@link RedisCluster#seam});
 * the defaults do nothing. Called on the thread doing the move, so a test can also hold it there.
 */
interface MoveSeam {
    /** A hand-off is about to store the snapshots of {@code sids}; their sessions are released. */
    default void parking(Set<String> sids) {
    }

    /** This node took {@code sid}'s snapshot and is about to put the session in place. */
    default void adopting(String sid) {
    }

    /** {@code sid}'s session is in place on this node, before the locate that took it completes. */
    default void adopted(String sid) {
    }

    /**
     * This node released {@code sid} to a node whose WebSocket pulls it, and stored its snapshot; the puller is
     * told once the stage returned completes. Called on Redis's I/O thread: never block it.
     */
    default CompletionStage<?> released(String sid) {
        return CompletableFuture.completedFuture(null);
    }
}
