package dev.duplex.bayeux.message;

/**
 * The error codes a Bayeux reply carries in its {@code error} member, written {@code code::message} as
 * CometD does. Codes follow HTTP's meaning, which is what CometD clients and their users expect to read.
 */
public enum BayeuxError {
    /** Malformed message or batch. */
    BAD_REQUEST(400),
    /** The client id is unknown, expired, or bound to another browser or user: handshake again. */
    UNKNOWN_CLIENT(402),
    /** Refused by the origin policy or the application's authorizer. */
    FORBIDDEN(403),
    /** A channel that a client may not use, or an unsupported transport. */
    NOT_ACCEPTABLE(406),
    /** Too many subscriptions. */
    CONFLICT(409),
    /** A message or batch over a limit. */
    TOO_LARGE(413),
    /** Too many messages per second. */
    RATE_LIMITED(429),
    /** The server failed; details are in the server log only. */
    INTERNAL(500),
    /** Overloaded or shutting down: retry later. */
    UNAVAILABLE(503);

    private final int code;

    BayeuxError(int code) {
        this.code = code;
    }

    /** The numeric code. */
    public int code() {
        return code;
    }

    /** The {@code error} member's text: {@code 403::subscription refused}. */
    public String describe(String message) {
        return code + "::" + message;
    }
}
