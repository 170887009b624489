package dev.duplex.client;

import java.util.EnumSet;
import java.util.Set;

/** The lifecycle of a client channel, with its table of allowed moves. */
enum ChannelState {
    /** Handshaken; frames flow on some transport (or wait for one). */
    OPEN,
    /** {@code close()} was called: the close frame waits for the server's ack. */
    CLOSING,
    /** Ended, for good. */
    CLOSED;

    Set<ChannelState> next() {
        return switch (this) {
            case OPEN -> EnumSet.of(CLOSING, CLOSED);
            case CLOSING -> EnumSet.of(CLOSED);
            case CLOSED -> EnumSet.noneOf(ChannelState.class);
        };
    }

    /** The state after a move to {@code target}; throws on a move the table does not allow. */
    ChannelState to(ChannelState target) {
        if (!next().contains(target)) {
            throw new IllegalStateException(this + " -> " + target);
        }
        return target;
    }
}
