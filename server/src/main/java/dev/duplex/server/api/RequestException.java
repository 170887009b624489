package dev.duplex.server.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A request that got no answer: the typed error of a request/reply exchange, in both directions.
 *
 * <p>A {@link ChannelHandler#onRequest} throws it (or completes its stage with it) to refuse a client's request:
 * the client's {@code request} fails with this {@link #code()} and {@link #getMessage() message}, nothing more (no
 * stack trace, no class name). {@link Channel#request} fails with it when the page refused, had no handler, did
 * not answer in time, or the channel closed first; the codes Duplex itself uses are the constants below, and an
 * application may use any other code of lower-case letters, digits and {@code _}.
 *
 * <p>It carries no stack trace: it is an answer, not a bug, and cheap to make.
 */
public class RequestException extends RuntimeException {
    /** No answer came within the timeout; a late answer is dropped. */
    public static final String TIMEOUT = "timeout";
    /** The peer has no request handler. */
    public static final String NO_HANDLER = "no_handler";
    /** The peer's handler failed without saying why (what failed is in the peer's log only). */
    public static final String INTERNAL_ERROR = "internal_error";
    /** The request or its answer was over the receiver's {@code maxMessage}. */
    public static final String TOO_LARGE = "too_large";
    /** The channel closed (or, on the page, its session was lost) before the answer came. */
    public static final String CLOSED = "closed";

    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final long serialVersionUID = 1L;

    private final String code;

    /**
     * A refusal with a code and a message for humans.
     *
     * @param code    1 to 64 of {@code a-z0-9_}, starting with a letter, e.g. {@code "not_found"}
     * @param message what the caller sees as the error's message
     * @throws IllegalArgumentException if {@code code} breaks that rule
     */
    public RequestException(String code, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        if (!CODE.matcher(Objects.requireNonNull(code, "code")).matches()) {
            throw new IllegalArgumentException("a request error code is 1 to 64 of a-z0-9_, starting with a letter");
        }
        this.code = code;
    }

    /** The error's code, e.g. {@link #TIMEOUT} or an application's own. */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return "RequestException[" + code + "]: " + getMessage();
    }
}
