package dev.duplex.redis;

import java.time.Duration;

/**
 * Settings of a {@link RedisBroker}, each with a default that suits a chat or a feed.
 *
 * @param historySize     publications kept per topic, so a node that missed some (a reconnect) fills the hole
 *                        instead of announcing a gap; 0 keeps none; default 100
 * @param historyTtl      how long a topic's history outlives its last publish; default 5 minutes
 * @param streamTtl       how long a topic's offset and epoch outlive its last publish; after it the next publish
 *                        starts a new epoch; default 1 day
 * @param commandTimeout  longest a Redis command may take before it counts as failed (then a publish is
 *                        announced as a gap to the local subscribers); default 5 s
 * @param reconnectDelay  longest pause between reconnect attempts to Redis (they back off up to it); default 1 s
 */
public record RedisOptions(int historySize, Duration historyTtl, Duration streamTtl, Duration commandTimeout,
        Duration reconnectDelay) {

    /**
     * Checks every value.
     *
     * @param historySize    see {@link #historySize()}
     * @param historyTtl     see {@link #historyTtl()}
     * @param streamTtl      see {@link #streamTtl()}
     * @param commandTimeout see {@link #commandTimeout()}
     * @param reconnectDelay see {@link #reconnectDelay()}
     * @throws IllegalArgumentException naming the first value out of range (the TTLs are whole seconds)
     */
    public RedisOptions {
        if (historySize < 0) {
            throw new IllegalArgumentException("historySize must not be negative, was " + historySize);
        }
        positive("historyTtl", historyTtl);
        positive("streamTtl", streamTtl);
        positive("commandTimeout", commandTimeout);
        positive("reconnectDelay", reconnectDelay);
        if (historyTtl.toSeconds() < 1 || streamTtl.toSeconds() < 1) {
            throw new IllegalArgumentException("historyTtl and streamTtl are whole seconds, at least 1");
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /** {@return the defaults} */
    public static RedisOptions defaults() {
        return new RedisOptions(100, Duration.ofMinutes(5), Duration.ofDays(1), Duration.ofSeconds(5),
                Duration.ofSeconds(1));
    }

    /**
     * These options with another history size.
     *
     * @param size publications kept per topic
     * @return a copy with it
     */
    public RedisOptions withHistorySize(int size) {
        return new RedisOptions(size, historyTtl, streamTtl, commandTimeout, reconnectDelay);
    }

    /**
     * These options with another command timeout.
     *
     * @param timeout longest a Redis command may take
     * @return a copy with it
     */
    public RedisOptions withCommandTimeout(Duration timeout) {
        return new RedisOptions(historySize, historyTtl, streamTtl, timeout, reconnectDelay);
    }
}
