package dev.duplex.client;

import java.util.Objects;

/**
 * Why a request got no answer (PROTOCOL.md section 3.4), or how an {@link DuplexClient#onRequest} handler
 * refuses one. It carries a code and a message, never a stack trace: it is an answer, not a bug.
 *
 * <p>Codes Duplex uses: {@code timeout} (no answer in time; a later one is dropped), {@code no_handler} (the
 * server's handler has no {@code onRequest}), {@code internal_error} (the server's handler failed; details stay in
 * its log), {@code closed} (the channel closed first), {@code too_large} and {@code queue_full} (the request was not
 * sent); any other code is the server application's own ({@code dev.duplex.server.api.RequestException}).
 */
public final class RequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;

    /** A refusal with a code (e.g. {@code "not_found"}) and a message for humans. */
    public RequestException(String code, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The error's code. */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return "RequestException[" + code + "]: " + getMessage();
    }
}
