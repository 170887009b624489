package dev.duplex.server.session;

import dev.duplex.server.api.TransportKind;
import dev.duplex.server.protocol.CloseCodes;
import java.util.concurrent.CompletableFuture;

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

    /**
     * The node is stopping: tell the client, after every frame this transport already owes it, to come back in
     * {@code retryMillis} ms, with the unsequenced frame {@code {"t":"away","retry":ms}} (a parked poll's last
     * answer; a WebSocket's last message before close 1001), and serve nothing more. Must return at once.
     *
     * <p>By default, for a transport that cannot carry the frame, it just closes with 1001.
     *
     * @return completes once the advice is written, or could not be (the mount waits for it at most
     *         {@code stopGraceMillis})
     */
    default CompletableFuture<Void> away(long retryMillis) {
        close(CloseCodes.GOING_AWAY, CloseCodes.GOING_AWAY_REASON);
        return CompletableFuture.completedFuture(null);
    }

    /** The client showed it is alive at {@code nowMillis} some other way (a long-poll send). */
    default void keepAlive(long nowMillis) {
    }

    /** The last round-trip time the server measured on this transport, in ms, or -1 if none yet. */
    default long rttMillis() {
        return -1;
    }

    /**
     * Liveness check at {@code nowMillis}, called when its session's timeout fires: acts on whatever fell due
     * (a ping, a poll's hold, a dead peer, a stalled write). A deadline that comes earlier than the one returned
     * (a poll parked, a write started) must be announced with {@link Session#checkBy} when it arises.
     *
     * @param nowMillis the hub clock's time
     * @return when this transport next needs a check (hub clock, ms), or {@code Long.MAX_VALUE} for never
     */
    long sweep(long nowMillis);
}
