package dev.duplex.server.protocol;

/**
 * Every refusal the server can give, with its HTTP status and WebSocket close code (PROTOCOL.md, section 6).
 */
public enum ErrorCode {
    BAD_REQUEST("bad_request", 400, 4400),
    SEQUENCE_GAP("sequence_gap", 400, 4400),
    UNSUPPORTED_VERSION("unsupported_version", 400, 4400),
    FORBIDDEN_ORIGIN("forbidden_origin", 403, 4403),
    FORBIDDEN("forbidden", 403, 4403),
    UNKNOWN_SESSION("unknown_session", 404, 4404),
    NOT_FOUND("not_found", 404, 4404),
    METHOD_NOT_ALLOWED("method_not_allowed", 405, 4400),
    // On a WebSocket the server itself finds only a batch over maxBatch too large (4400, like any malformed
    // message); a message over maxPostBytes is closed 1009 by the container before it is read.
    TOO_LARGE("too_large", 413, 4400),
    RATE_LIMITED("rate_limited", 429, 4429),
    TOO_MANY_SESSIONS("too_many_sessions", 503, 4429),
    // In a cluster: the node that holds the session did not answer in time, or could not be asked. Transient.
    NODE_UNAVAILABLE("node_unavailable", 503, 1013),
    // The node is stopping: come back later (the body's retry, Retry-After), to this node or another.
    SHUTTING_DOWN("shutting_down", 503, 1001),
    // A handshake that offered subprotocols, none of which the handler speaks (PROTOCOL.md section 2.1).
    UNSUPPORTED_PROTOCOL("unsupported_protocol", 400, 4400),
    INTERNAL_ERROR("internal_error", 500, 1011),
    // Refusals of one sequenced frame, answered with an error frame; the session goes on.
    INVALID_TOPIC("invalid_topic", 400, 4400),
    TOO_MANY_SUBSCRIPTIONS("too_many_subscriptions", 400, 4400);

    private final String wireName;
    private final int httpStatus;
    private final int closeCode;

    ErrorCode(String wireName, int httpStatus, int closeCode) {
        this.wireName = wireName;
        this.httpStatus = httpStatus;
        this.closeCode = closeCode;
    }

    /** The code as it appears in JSON bodies and error frames. */
    public String wireName() {
        return wireName;
    }

    /** The HTTP status for this refusal. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The JSON body of an HTTP refusal with this code: {@code {"error":..., "message":...}}. */
    public String body(String message) {
        return "{\"error\":" + Json.quote(wireName) + ",\"message\":" + Json.quote(message) + "}";
    }

    /** The WebSocket close code for this refusal. */
    public int closeCode() {
        return closeCode;
    }
}
