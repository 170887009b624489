package dev.duplex.server.session;

import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.ProtocolException;

/**
 * Backpressure on one session's inbound frames (PROTOCOL.md section 4.3). Frames within the rate cap pass.
 * The first frame over it is refused: it and the rest of its message are discarded unacked, and the client
 * is advised to pause ({@code slow}) until the bucket holds a batch again. Until the client's next frame in
 * sequence is accepted the session is <em>slowed</em>: frames already in flight are discarded silently. A
 * client that ignores the advice runs up the count of discarded frames; past the tolerance it is cut
 * ({@code 429} or close 4429), and the session itself goes on.
 *
 * <p>Guarded by the session's inbox monitor; time comes from the caller.
 */
final class InboundPacer {
    private final RateLimiter bucket;
    private final int resumeTokens;
    private final long tolerance;
    private boolean slowed;
    private long slowedUntil;
    private long discarded;
    private boolean advise;

    /**
     * @param ratePerSecond the cap, {@code maxInboundPerSecond}
     * @param maxBatch      frames per message; the client may resume when the bucket holds this many
     */
    InboundPacer(int ratePerSecond, int maxBatch, long nowMillis) {
        this.bucket = new RateLimiter(ratePerSecond, nowMillis);
        this.resumeTokens = Math.min(ratePerSecond, maxBatch);
        // What an obedient client may still have in flight when the advice reaches it: at most a second's
        // worth at the cap, plus one batch.
        this.tolerance = (long) ratePerSecond + maxBatch;
    }

    /** Whether the session is slowed: frames out of sequence are in-flight leftovers, not a gap. */
    boolean slowed() {
        return slowed;
    }

    /** Starts one inbound message: no advice owed yet. */
    void begin() {
        advise = false;
    }

    /**
     * Takes a token for one frame. {@code inSequence}: the frame is the session's next sequenced frame,
     * whose acceptance (and nothing else) ends the slowed state.
     */
    boolean admit(long now, boolean inSequence) {
        if (!bucket.tryTake(1, now)) {
            return false;
        }
        if (inSequence) {
            slowed = false;
            discarded = 0;
        }
        return true;
    }

    /**
     * A frame was refused or discarded unprocessed; the client is owed advice.
     *
     * @throws ProtocolException {@code rate_limited} once the client has ignored the advice too long
     */
    void discard(long now) throws ProtocolException {
        if (!slowed) {
            slowed = true;
            discarded = 0;
        }
        advise = true;
        slowedUntil = Math.max(slowedUntil, now + bucket.millisUntil(resumeTokens, now));
        if (++discarded > tolerance) {
            // Cut: a fresh tolerance once the client comes back after Retry-After.
            discarded = 0;
            slowedUntil = now + 1_000;
            throw new ProtocolException(ErrorCode.RATE_LIMITED,
                    "too many frames per second: the client ignored the advice to slow down");
        }
    }

    /** The advice for the message just received, in ms to wait, or 0 if none is owed. */
    long advice(long now) {
        return advise ? Math.max(1, slowedUntil - now) : 0;
    }
}
