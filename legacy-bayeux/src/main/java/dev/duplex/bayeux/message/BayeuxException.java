package dev.duplex.bayeux.message;

/** A request that gets a Bayeux error reply. */
public final class BayeuxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient BayeuxError error;
    private final String arguments;

    public BayeuxException(BayeuxError error, String message) {
        this(error, "", message);
    }

    /** With the middle part of {@code code:arguments:message}, as CometD writes some errors. */
    public BayeuxException(BayeuxError error, String arguments, String message) {
        super(message, null, false, false);
        this.error = error;
        this.arguments = arguments;
    }

    /** The error's kind. */
    public BayeuxError error() {
        return error;
    }

    /** The text for the reply's {@code error} member. */
    public String describe() {
        return error.code() + ":" + arguments + ":" + getMessage();
    }
}
