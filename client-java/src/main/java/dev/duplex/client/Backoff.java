package dev.duplex.client;

import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: a uniform delay in [0, cap), the cap doubling per attempt up to a
 * maximum, so clients cut off together do not come back in lockstep. Not thread-safe (used on the loop).
 */
final class Backoff {
    private final long min;
    private final long max;
    private final DoubleSupplier random;
    private int attempts;

    Backoff(long min, long max, DoubleSupplier random) {
        this.min = min;
        this.max = max;
        this.random = random;
    }

    /** The next delay in ms; each call doubles the cap. */
    long next() {
        long cap = Math.min(max, min << Math.min(attempts, 30));
        attempts++;
        return (long) Math.floor(random.getAsDouble() * cap);
    }

    void reset() {
        attempts = 0;
    }
}
