package dev.duplex.server.session;

import dev.duplex.server.api.TransportKind;

/**
 * A replaceable pipe that carries one session's frames. It pulls outbound frames from the session's
 * {@link Outbox} when woken, and hands inbound frames to {@link Session#receive}.
 */
public interface Transport {

    /** Which kind of pipe this is. */
    TransportKind kind();

    /**
     * The outbox has something new. Must return at once: implementations hand the write to a pool, and
     * coalesce wakes that arrive while a write is pending.
     */
    void wake();

    /** Called once when the session lets go of this transport: superseded, dead, or session closed. */
    void close(int code, String reason);

    /** The client showed it is alive at {@code nowMillis} some other way (a long-poll send). */
    default void keepAlive(long nowMillis) {
    }

    /** The last round-trip time the server measured on this transport, in ms, or -1 if none yet. */
    default long rttMillis() {
        return -1;
    }

    /** Liveness check, called by the hub's sweeper with the current time. */
    void sweep(long nowMillis);
}
