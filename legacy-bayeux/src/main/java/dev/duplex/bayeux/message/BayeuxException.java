package dev.duplex.bayeux.message;

/** A request that gets a Bayeux error reply. */
public final class BayeuxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient BayeuxError error;

    public BayeuxException(BayeuxError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    /** The error's kind. */
    public BayeuxError error() {
        return error;
    }

    /** The text for the reply's {@code error} member. */
    public String describe() {
        return error.describe(getMessage());
    }
}
