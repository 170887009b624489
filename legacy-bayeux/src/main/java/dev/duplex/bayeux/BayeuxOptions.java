package dev.duplex.bayeux;

/**
 * The Bayeux front door's own settings. Everything else (origins, message and body sizes, rates, session
 * caps, the resume window) comes from the hub's {@code DuplexOptions}, so Bayeux clients obey the same limits
 * as {@code duplex.js} pages.
 *
 * @param timeoutMillis     longest a {@code /meta/connect} is held when there is nothing to deliver; sent as
 *                          {@code advice.timeout}
 * @param maxIntervalMillis longest a client may go without a {@code /meta/connect} before its transport is
 *                          counted as gone (its channel then waits in the hub's resume window)
 * @param maxBatch          most messages per request body or WebSocket message
 * @param directChannel     the channel on which messages that server code sends to one channel
 *                          ({@code Channel.send}) reach a Bayeux client
 */
public record BayeuxOptions(long timeoutMillis, long maxIntervalMillis, int maxBatch, String directChannel) {

    /**
     * Checks the values.
     *
     * @param timeoutMillis     see {@link #timeoutMillis()}
     * @param maxIntervalMillis see {@link #maxIntervalMillis()}
     * @param maxBatch          see {@link #maxBatch()}
     * @param directChannel     see {@link #directChannel()}
     * @throws IllegalArgumentException if a timeout or the batch size is not positive, or the direct channel
     *                                  is not a {@code /service/} channel
     */
    public BayeuxOptions {
        if (timeoutMillis < 0 || maxIntervalMillis <= 0 || maxBatch <= 0) {
            throw new IllegalArgumentException("timeouts and batch size must be positive");
        }
        if (directChannel == null || !directChannel.startsWith("/service/")) {
            throw new IllegalArgumentException("directChannel must be a /service/ channel: " + directChannel);
        }
    }

    /**
     * 25 s hold (below proxies' 30 s idle cut), 10 s max interval, 100 messages, {@code /service/duplex}.
     *
     * @return the defaults
     */
    public static BayeuxOptions defaults() {
        return new BayeuxOptions(25_000, 10_000, 100, "/service/duplex");
    }

    /**
     * A copy with another connect hold.
     *
     * @param value the connect hold, ms
     * @return a copy with it
     */
    public BayeuxOptions withTimeoutMillis(long value) {
        return new BayeuxOptions(value, maxIntervalMillis, maxBatch, directChannel);
    }

    /**
     * A copy with another max interval.
     *
     * @param value the max interval, ms
     * @return a copy with it
     */
    public BayeuxOptions withMaxIntervalMillis(long value) {
        return new BayeuxOptions(timeoutMillis, value, maxBatch, directChannel);
    }

    /**
     * A copy with another batch limit.
     *
     * @param value the most messages per request or WebSocket message
     * @return a copy with it
     */
    public BayeuxOptions withMaxBatch(int value) {
        return new BayeuxOptions(timeoutMillis, maxIntervalMillis, value, directChannel);
    }
}
