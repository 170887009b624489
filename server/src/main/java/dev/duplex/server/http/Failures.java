package dev.duplex.server.http;

import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.ProtocolException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;

/** Turns a failed request into its answer: a refusal with its code, anything else a generic 500. */
public final class Failures {
    private static final System.Logger LOG = System.getLogger(Failures.class.getName());

    private Failures() {
    }

    /**
     * Answers {@code failure}: a {@link ProtocolException} with its code and message, anything else with
     * {@code internal_error}, its details only in the log under {@code mount}.
     *
     * @return the code answered
     */
    public static ErrorCode answer(HttpServletRequest request, HttpServletResponse response, Exception failure,
            String mount) throws IOException {
        if (failure instanceof ProtocolException e) {
            refuse(request, response, e.code(), e.getMessage());
            return e.code();
        }
        LOG.log(Level.ERROR, "request to " + mount + " failed", failure);
        refuse(request, response, ErrorCode.INTERNAL_ERROR, "internal error");
        return ErrorCode.INTERNAL_ERROR;
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, ErrorCode code,
            String message) throws IOException {
        closeIfBodyUnread(request, response);
        if (code == ErrorCode.RATE_LIMITED) {
            // The rate bucket holds a second's worth: after a second a client may send again (section 4.3).
            response.setHeader("Retry-After", "1");
        }
        Responses.error(response, code, message);
    }

    /**
     * Says {@code Connection: close} if a refusal leaves the request's body unread: the container then drops
     * the connection after the response, and saying so up front keeps clients from reusing it.
     */
    public static void closeIfBodyUnread(HttpServletRequest request, HttpServletResponse response) {
        if (request.getContentLengthLong() != 0 || request.getHeader("Transfer-Encoding") != null) {
            response.setHeader("Connection", "close");
        }
    }

    /**
     * Reads the body without holding a thread while it arrives, then runs {@code then} with it; a failure of
     * either is answered as {@link #answer} does, and its code given to {@code refused}.
     */
    public static void withBody(HttpServletRequest request, HttpServletResponse response, int maxBytes,
            long timeoutMillis, String mount, Consumer<ErrorCode> refused, BodyReader.Then then)
            throws ProtocolException, IOException {
        BodyReader.read(request, maxBytes, timeoutMillis, then,
                failure -> refused.accept(answer(request, response, failure, mount)));
    }

    /**
     * As {@link #withBody}, but {@code later} answers when it can and completes the request itself (see
     * {@link BodyReader#readThenLater}).
     */
    public static void withBodyLater(HttpServletRequest request, HttpServletResponse response, int maxBytes,
            long timeoutMillis, String mount, Consumer<ErrorCode> refused, BodyReader.ThenLater later)
            throws ProtocolException, IOException {
        BodyReader.readThenLater(request, maxBytes, timeoutMillis, later,
                failure -> refused.accept(answer(request, response, failure, mount)));
    }

    /**
     * Refuses a request made with the wrong method, naming the right one in an {@code Allow} header.
     *
     * @throws ProtocolException {@code method_not_allowed} unless the request's method is {@code expected}
     */
    public static void requireMethod(HttpServletRequest request, HttpServletResponse response, String expected)
            throws ProtocolException {
        if (!request.getMethod().equals(expected)) {
            response.setHeader("Allow", expected + ", OPTIONS");
            throw new ProtocolException(ErrorCode.METHOD_NOT_ALLOWED, "use " + expected);
        }
    }
}
