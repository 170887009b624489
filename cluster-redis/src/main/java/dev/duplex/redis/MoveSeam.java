package dev.duplex.redis;

import java.util.Set;

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
}
