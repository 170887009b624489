package dev.duplex.server.api;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * One client's logical connection, whatever transport carries it.
 *
 * <p>Messages sent on a channel reach the client exactly once and in order, across transport switches and
 * network cuts inside the resume window, or the client is told explicitly which ones it lost. All methods
 * are thread-safe and none blocks on the network.
 */
public interface Channel {

    /**
     * The channel's id: unique, unguessable, and safe to log or show (it is not the session secret).
     *
     * @return the channel's id
     */
    String id();

    /**
     * The transport carrying the channel right now.
     *
     * @return the transport carrying this channel now
     */
    TransportKind transport();

    /**
     * The subprotocol {@link ChannelHandler#selectProtocol} chose from the client's offer, whatever the transport;
     * the empty string when the client offered none (as {@code jakarta.websocket.Session#getNegotiatedSubprotocol}).
     *
     * @return the chosen subprotocol, or {@code ""}
     */
    String protocol();

    /**
     * Whether the channel is still open (not yet closed or expired).
     *
     * @return whether the channel is still open
     */
    boolean isOpen();

    /**
     * Queues a message for the client. Returns at once; the message is written by the server's pool.
     * Messages sent after the channel closed are dropped (there is no one left to receive them).
     *
     * @param message the message to send
     */
    void send(Message message);

    /**
     * Shorthand for {@code send(Message.text(text))}.
     *
     * @param text the text to send, as a JSON string
     */
    default void send(String text) {
        send(Message.text(text));
    }

    /**
     * Asks the client a question: the page answers with the handler it gave {@code channel.onRequest}.
     *
     * <p>The request is numbered with the channel's other messages, so it reaches the page exactly once and in
     * order, across transport switches and cuts inside the resume window, and its handler never runs twice.
     * The stage completes with the answer, or fails with a {@link RequestException} whose code says why:
     * {@link RequestException#TIMEOUT} after {@code timeout} (an answer after that is dropped),
     * {@link RequestException#NO_HANDLER}, {@link RequestException#CLOSED}, or the page's own code. It completes
     * on a Duplex thread: dependent actions must not block (use the {@code ...Async} variants for slow work).
     * Never blocks; a request on a closed channel fails at once with {@code closed}.
     *
     * @param timeout how long to wait for the answer, more than zero
     */
    CompletionStage<Message> request(Message message, Duration timeout);

    /** Closes the channel with {@link CloseReason#NORMAL}. */
    default void close() {
        close(CloseReason.NORMAL);
    }

    /**
     * Closes the channel: the client receives every message sent before, then the reason.
     *
     * @param reason the code and reason the client receives
     */
    void close(CloseReason reason);

    /**
     * Subscribes this channel to a topic, from server code (no authorization check).
     *
     * @param topic the topic name
     */
    void subscribe(String topic);

    /**
     * Unsubscribes this channel from a topic.
     *
     * @param topic the topic name
     */
    void unsubscribe(String topic);

    /**
     * The topics this channel is subscribed to, as a snapshot.
     *
     * @return the topics this channel is subscribed to now
     */
    Set<String> topics();

    /**
     * What the request that opened the channel carried.
     *
     * @return the snapshot of the request that opened this channel
     */
    Handshake handshake();

    /**
     * An application attribute, or empty.
     *
     * @param name the attribute's name
     * @return its value, or empty if none is set
     */
    Optional<Object> attribute(String name);

    /**
     * Sets an application attribute; {@code null} removes it.
     *
     * @param name the attribute's name
     * @param value its value; {@code null} removes it
     */
    void attribute(String name, Object value);

    /**
     * The hub this channel belongs to, for publishing to topics.
     *
     * @return the hub this channel belongs to
     */
    Hub hub();
}
