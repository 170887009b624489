package dev.duplex.server.api;

/**
 * Why a channel ended: a numeric code and a short human-readable reason.
 *
 * <p>Codes below 4000 follow the WebSocket registry; 4000 to 4999 are Duplex's and the application's.
 *
 * @param code   the close code, within 1000..4999 (else {@link IllegalArgumentException})
 * @param reason a short explanation, safe to show to the client ({@code null} is taken as empty)
 */
public record CloseReason(int code, String reason) {
    /**
     * The client closed the channel. The handler sees it once every frame queued before the client's close
     * has been delivered and the client acked the server's close frame (or a heartbeat timeout later).
     */
    public static final CloseReason CLIENT_CLOSED = new CloseReason(1000, "closed by client");
    /** The application closed the channel with {@link Channel#close()}. */
    public static final CloseReason NORMAL = new CloseReason(1000, "closed");
    /** The server is shutting down. */
    public static final CloseReason SHUTDOWN = new CloseReason(1001, "server shutting down");
    /** No transport came back within the resume window. */
    public static final CloseReason EXPIRED = new CloseReason(4410, "resume window expired");

    /**
     * Validates the code range.
     *
     * @param code   see {@link #code()}
     * @param reason see {@link #reason()}
     * @throws IllegalArgumentException if {@code code} is not within 1000..4999
     */
    public CloseReason {
        if (code < 1000 || code > 4999) {
            throw new IllegalArgumentException("close code must be within 1000..4999: " + code);
        }
        reason = reason == null ? "" : reason;
    }
}
