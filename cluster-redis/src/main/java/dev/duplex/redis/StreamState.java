package dev.duplex.redis;

import java.util.EnumSet;
import java.util.Set;

/** Where a node's view of one topic's stream stands. */
enum StreamState {
    /** Subscribed, position not yet known: publications wait in a buffer until the position arrives. */
    SYNCING,
    /** In step with Redis: each publication must be the next offset of the known epoch. */
    LIVE;

    private Set<StreamState> next() {
        return switch (this) {
            // A position that fails is asked for again; a resubscription starts the sync over.
            case SYNCING -> EnumSet.of(SYNCING, LIVE);
            // A resubscription or a publication out of order needs the position.
            case LIVE -> EnumSet.of(SYNCING);
        };
    }

    /**
     * The state after moving to {@code target}.
     *
     * @throws IllegalStateException if the move is not in the table
     */
    StreamState moveTo(StreamState target) {
        if (!next().contains(target)) {
            throw new IllegalStateException("topic stream cannot move from " + this + " to " + target);
        }
        return target;
    }
}
