package dev.duplex.server.protocol;

/**
 * A typed refusal of client input. Its message is safe to send to the client: it never echoes the input.
 */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** What kind of refusal this is. */
    public ErrorCode code() {
        return code;
    }
}
