package dev.duplex.server.api;

import java.util.List;
import java.util.concurrent.CompletionStage;

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
     *
     * @param handshake what the request carried
     * @return whether to let the request through
     */
    default boolean authorize(Handshake handshake) {
        return true;
    }

    /**
     * Chooses the subprotocol of a channel from those its client offered, in the client's order of preference
     * ({@code new Duplex.WebSocket(url, ['chat', 'superchat'])}, {@code Duplex.connect(url, {protocols})}): return
     * one of {@code offered}, or null for none. Called only when the client offered at least one, at its handshake
     * and again at each WebSocket upgrade (whose {@code Sec-WebSocket-Protocol} answer it decides), so it must
     * answer the same list the same way. Choosing none refuses the handshake ({@code 400 unsupported_protocol}),
     * as a browser fails a WebSocket whose server names no subprotocol it asked for; a name that was not offered
     * counts as none. The choice is {@link Channel#protocol()}. Default: none.
     */
    default String selectProtocol(List<String> offered) {
        return null;
    }

    /**
     * A client opened a channel: called once, when the first transport of a successful handshake attaches (its
     * first poll, its first send, or its WebSocket's {@code hello}), so {@link Channel#transport()} names that
     * transport here, never {@link TransportKind#NONE}. A handshake whose client never attaches a transport
     * expires unseen: neither {@code onOpen} nor {@code onClose} is called for it.
     *
     * @param channel the new channel
     */
    default void onOpen(Channel channel) {
    }

    /**
     * The channel's transport changed. Called on every change, after {@code onOpen} and before
     * {@code onClose}, one at a time and in order for each channel:
     * <ul>
     *   <li>attach: {@code NONE} to a transport, with reason {@code "open"} (the first, right after
     *       {@code onOpen}) or {@code "resume"} (after one was lost, inside the resume window);</li>
     *   <li>switch: from one transport to the other, {@code "upgrade"} (long-polling to WebSocket) or
     *       {@code "downgrade"} (WebSocket to long-polling), or {@code "reconnect"} (a new one of the same
     *       kind);</li>
     *   <li>detach: a transport to {@code NONE}, with what ended it, e.g. {@code "heartbeat timeout"},
     *       {@code "slow consumer"}, {@code "connection closed (1006)"}, {@code "no poll within the heartbeat
     *       timeout"}, or {@code "session closed: ..."} just before {@code onClose}.</li>
     * </ul>
     * Reasons are for logs and metrics; apart from the attach and switch names above, their wording may
     * change. Messages are never lost across a change. Default: nothing.
     *
     * @param channel the channel whose transport changed
     * @param from the transport before the change ({@code NONE} for an attach)
     * @param reason why it changed, as listed above
     * @param to the transport after the change ({@code NONE} for a detach)
     */
    default void onTransport(Channel channel, TransportKind from, TransportKind to, String reason) {
    }

    /**
     * A client sent a message.
     *
     * @param channel the channel that sent it
     * @param message the message
     */
    void onMessage(Channel channel, Message message);

    /**
     * A client asked a question ({@code channel.request(data)} on the page): answer with a stage that completes
     * with the reply. Called like {@link #onMessage}, in order with the client's other messages and exactly
     * once per request, even if the request crossed a transport switch or a cut; the stage may complete later
     * on any thread.
     *
     * <p>To refuse, throw a {@link RequestException} or complete the stage with one: the client's request fails
     * with its code and message. Any other failure (an exception, a {@code null} stage or answer) is logged here
     * and reaches the client as {@link RequestException#INTERNAL_ERROR} with a generic message. Default: refuse
     * with {@link RequestException#NO_HANDLER}.
     *
     * @param channel the channel that asks
     * @param request the question
     * @return a stage that completes with the answer
     */
    default CompletionStage<Message> onRequest(Channel channel, Message request) {
        throw new RequestException(RequestException.NO_HANDLER, "the server has no request handler");
    }

    /**
     * The channel ended, for good. Called once.
     *
     * @param channel the channel that ended
     * @param reason why it ended
     */
    default void onClose(Channel channel, CloseReason reason) {
    }

    /**
     * Decides whether a client may subscribe to {@code topic}. Default: allow. Server code subscribing
     * with {@link Channel#subscribe} is not asked.
     *
     * @param channel the channel that asks
     * @param topic the topic it asks for
     * @return whether to let it subscribe
     */
    default boolean authorizeSubscribe(Channel channel, String topic) {
        return true;
    }

    /**
     * Decides whether a client may subscribe to a wildcard: {@code prefix/*} (every topic one segment below
     * {@code prefix}), {@code prefix/**} (every topic any depth below it), or {@code *} and {@code **} from the
     * root. Only front doors whose protocol has wildcards (the Bayeux front door: {@code /chat/*} arrives as
     * {@code chat/*}) ask; the Duplex protocol has none. Default: refuse, so that an {@link #authorizeSubscribe}
     * written for exact topics never grants {@code **} by accident; {@code authorizeSubscribe} is never called
     * with a pattern, nor this with a topic. {@link #onSubscribe} and {@link #onUnsubscribe} are not called for
     * patterns. On one node a pattern subscriber receives every matching publish; with a cluster broker only
     * those to topics that some channel on its node subscribed to exactly (no cluster-wide wildcards).
     *
     * @param channel the channel that subscribes
     * @param pattern the wildcard pattern, e.g. {@code chat/*}
     * @return whether to let the subscription through
     */
    default boolean authorizeSubscribePattern(Channel channel, String pattern) {
        return false;
    }

    /**
     * Decides whether a client may publish {@code message} to {@code topic}. Default: allow.
     *
     * @param channel the channel that publishes
     * @param topic the topic it publishes to
     * @param message what it publishes
     * @return whether to let the publication through
     */
    default boolean authorizePublish(Channel channel, String topic, Message message) {
        return true;
    }

    /**
     * A client's subscribe succeeded.
     *
     * @param channel the channel that subscribed
     * @param topic the topic it joined
     */
    default void onSubscribe(Channel channel, String topic) {
    }

    /**
     * A client unsubscribed, or its channel closed while subscribed.
     *
     * @param channel the channel that unsubscribed
     * @param topic the topic it left
     */
    default void onUnsubscribe(Channel channel, String topic) {
    }
}
