package dev.duplex.server.session;

/**
 * A token bucket: {@code ratePerSecond} tokens a second, holding at most one second's worth, so a client
 * may burst up to its rate and no further. Time comes from the caller, so tests need no sleeping.
 */
final class RateLimiter {
    private final double ratePerMilli;
    private final double capacity;
    private double tokens;
    private long last;

    RateLimiter(int ratePerSecond, long nowMillis) {
        this.ratePerMilli = ratePerSecond / 1000.0;
        this.capacity = ratePerSecond;
        this.tokens = ratePerSecond;
        this.last = nowMillis;
    }

    /** Takes {@code count} tokens if there are that many; otherwise takes none and returns false. */
    synchronized boolean tryTake(int count, long nowMillis) {
        refill(nowMillis);
        if (tokens < count) {
            return false;
        }
        tokens -= count;
        return true;
    }

    /** Milliseconds until the bucket holds {@code count} tokens (at most its capacity); 0 if it does now. */
    synchronized long millisUntil(int count, long nowMillis) {
        refill(nowMillis);
        double missing = Math.min(count, capacity) - tokens;
        return missing <= 0 ? 0 : (long) Math.ceil(missing / ratePerMilli);
    }

    private void refill(long nowMillis) {
        tokens = Math.min(capacity, tokens + Math.max(0, nowMillis - last) * ratePerMilli);
        last = Math.max(last, nowMillis);
    }
}
