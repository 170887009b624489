package dev.duplex.testkit;

/** A browser or driver failed, or a script threw. */
public final class BrowserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BrowserException(String message) {
        super(message);
    }

    public BrowserException(String message, Throwable cause) {
        super(message, cause);
    }
}
