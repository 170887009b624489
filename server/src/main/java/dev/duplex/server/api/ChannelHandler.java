package dev.duplex.server.api;

/**
 * The application's side of a mount. Implement {@link #onMessage}; the rest have sensible defaults.
 *
 * <p>See the package documentation for ordering and threading. A handler that throws does not harm the
 * channel: the exception is logged, and the client receives a generic {@code internal_error} frame
 * with no stack trace or class name.
 *
 * <p>Mounted from {@code web.xml}, a handler class needs a public no-argument constructor.
 */
public interface ChannelHandler {

    /**
     * Decides whether a request may open a channel, or resume or switch the transport of one. Called on
     * every handshake and on every transport attach, so a revoked user cannot resume. Default: allow.
     */
    default boolean authorize(Handshake handshake) {
        return true;
    }

    /** A client opened a channel. */
    default void onOpen(Channel channel) {
    }

    /** A client sent a message. */
    void onMessage(Channel channel, Message message);

    /** The channel ended, for good. Called once. */
    default void onClose(Channel channel, CloseReason reason) {
    }

    /**
     * Decides whether a client may subscribe to {@code topic}. Default: allow. Server code subscribing
     * with {@link Channel#subscribe} is not asked.
     */
    default boolean authorizeSubscribe(Channel channel, String topic) {
        return true;
    }

    /** Decides whether a client may publish {@code message} to {@code topic}. Default: allow. */
    default boolean authorizePublish(Channel channel, String topic, Message message) {
        return true;
    }

    /** A client's subscribe succeeded. */
    default void onSubscribe(Channel channel, String topic) {
    }

    /** A client unsubscribed, or its channel closed while subscribed. */
    default void onUnsubscribe(Channel channel, String topic) {
    }
}
