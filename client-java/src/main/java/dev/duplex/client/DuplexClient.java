package dev.duplex.client;

import com.google.gson.JsonElement;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * One Duplex channel from Java: the same semantics as {@code duplex.js}, on {@code java.net.http}.
 *
 * <p>{@link #connect} handshakes, starts long-polling at once and probes the WebSocket in the background;
 * the channel moves between the two as the network allows, without losing, duplicating or reordering a
 * message in either direction. See the package documentation for an example, the lifecycle and threading.
 */
public final class DuplexClient implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Connection connection;

    private DuplexClient(Connection connection) {
        this.connection = connection;
    }

    /**
     * Opens a channel to the handler mounted at {@code mount} (e.g. {@code http://host/app/chat}).
     * Blocks for the handshake only.
     *
     * @param mount   the mount's URL
     * @param options how the client behaves
     * @return the open client; close it when done
     * @throws IOException if the server refuses the handshake or cannot be reached
     * @throws InterruptedException if the thread is interrupted during the handshake
     */
    public static DuplexClient connect(URI mount, ClientOptions options) throws IOException, InterruptedException {
        HttpClient http = options.httpClient() != null ? options.httpClient()
                : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10)).build();
        HttpPipe pipe = new HttpPipe(http, mount);
        Handshake handshake;
        try {
            handshake = Handshake.parse(pipe.handshake(Duration.ofSeconds(30), options.protocols()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException("not a Duplex handshake reply", e);
        }
        pipe.session(handshake.sid(), handshake.token());
        ScheduledThreadPoolExecutor loop = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "duplex-client-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        loop.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        loop.setRemoveOnCancelPolicy(true);
        Connection connection = new Connection(handshake, options, pipe, loop);
        connection.start();
        return new DuplexClient(connection);
    }

    /**
     * Shorthand for {@code connect(mount, ClientOptions.defaults())}.
     *
     * @param mount the mount's URL
     * @return the open client; close it when done
     * @throws IOException if the server refuses the handshake or cannot be reached
     * @throws InterruptedException if the thread is interrupted during the handshake
     */
    public static DuplexClient connect(URI mount) throws IOException, InterruptedException {
        return connect(mount, ClientOptions.defaults());
    }

    /** {@return the channel's id ({@code sid}): safe to log, not the session secret} */
    public String id() {
        return connection.handshake.sid();
    }

    /**
     * {@return the subprotocol the server chose from {@link ClientOptions#protocols()}; {@code ""} when none was
     * offered}
     */
    public String protocol() {
        return connection.handshake.protocol();
    }

    /** {@return the transport carrying the channel now (long-polling while a WebSocket probe is out)} */
    public TransportKind transport() {
        return connection.mode == Mode.WEBSOCKET ? TransportKind.WEBSOCKET : TransportKind.LONG_POLLING;
    }

    /** {@return whether the channel is open: not closing, not closed} */
    public boolean isOpen() {
        return connection.state() == ChannelState.OPEN;
    }

    /**
     * Sends a message: a {@link JsonElement}, any object Gson can serialize (a {@code String} arrives as
     * {@code Message.text} on the server), or a {@code byte[]} (a binary message: {@code Message.isBinary()}).
     * Returns at once; the message is delivered exactly once and in order with every other frame of this channel,
     * or the close listener is told that continuity was lost.
     *
     * @param payload the message
     * @return {@code false}, queuing nothing, when the channel is not open, {@code maxQueue} frames wait already,
     *         or the payload is over the server's {@code maxMessage} (then the error listener also gets
     *         {@code too_large})
     */
    public boolean send(Object payload) {
        Payload data = Payload.of(payload);
        return connection.enqueue(data.value(), seq -> data.into(Codec.typed("msg", seq)));
    }

    /**
     * Asks the server (its {@code ChannelHandler.onRequest}) and completes with its answer. The request is
     * numbered with this channel's other frames, so it is delivered and run exactly once, across transport
     * switches and cuts. The future fails with a {@link RequestException}: {@code timeout} after {@code timeout}
     * (a later answer is dropped), the server's refusal code, {@code closed}, {@code too_large} or
     * {@code queue_full}. It completes on the client's loop thread: do not block in dependent actions (use the
     * {@code ...Async} variants for slow work).
     *
     * <p>A {@code byte[]} payload is sent as binary; a binary answer arrives as one ({@link DuplexMessage#isBinary()},
     * {@link DuplexMessage#bytes()}), a JSON answer in {@link DuplexMessage#data()}.
     *
     * @param payload a {@link JsonElement}, any object Gson can serialize, or a {@code byte[]}
     * @param timeout how long to wait for the answer
     * @return the answer, or a failure with a {@link RequestException}
     */
    public CompletableFuture<DuplexMessage> request(Object payload, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return connection.requests.ask(Payload.of(payload), timeout);
    }

    /**
     * Sets the handler of the server's requests ({@code Channel.request}). It gets the request (JSON in
     * {@link DuplexMessage#data()}, or binary in {@link DuplexMessage#bytes()}) and returns the answer (a
     * {@link JsonElement}, any object Gson can serialize, a {@code byte[]} for a binary answer, or {@code null}), or a
     * {@link CompletionStage} of one. To refuse, throw a {@link RequestException} (or complete the stage with one):
     * the server sees its code and message; any other failure is logged here and reaches the server as
     * {@code internal_error}. Without a handler the server's requests fail with {@code no_handler}. Called on the
     * client's loop thread, in order with the channel's messages.
     *
     * @param handler turns a request into the answer
     * @return this client
     */
    public DuplexClient onRequest(Function<DuplexMessage, ?> handler) {
        connection.requests.handler(Objects.requireNonNull(handler, "handler"));
        return this;
    }

    /**
     * Subscribes to a topic; deliveries reach {@link #onMessage} with {@link DuplexMessage#topic()} set.
     *
     * @param topic the topic name
     * @return false if the client refused it at once (closed, or the queue is full), as {@link #send} does
     */
    public boolean subscribe(String topic) {
        Objects.requireNonNull(topic, "topic");
        return connection.enqueue(null, seq -> Codec.sub("sub", seq, topic));
    }

    /**
     * Unsubscribes from a topic.
     *
     * @param topic the topic name
     * @return false if the client refused it at once (closed, or the queue is full), as {@link #send} does
     */
    public boolean unsubscribe(String topic) {
        Objects.requireNonNull(topic, "topic");
        return connection.enqueue(null, seq -> Codec.sub("unsub", seq, topic));
    }

    /**
     * Publishes to a topic, as {@link #send} does (same ordering, same refusals).
     *
     * @param topic   the topic name
     * @param payload any value Gson can serialise
     * @return as {@link #send}
     */
    public boolean publish(String topic, Object payload) {
        Objects.requireNonNull(topic, "topic");
        Payload data = Payload.of(payload);
        return connection.enqueue(data.value(), seq -> data.into(Codec.sub("pub", seq, topic)));
    }

    /** {@return how many of this client's frames are queued or sent but not yet acknowledged by the server} */
    public int bufferedAmount() {
        return connection.outbox.size();
    }

    /**
     * Ends the channel after every frame sent before: a {@code close} frame; the server then delivers every
     * frame it queued before it (their listeners run as usual) and its own close frame, which this client acks,
     * then the close listener runs (or after {@link ClientOptions#closeTimeout()}). Returns at once.
     */
    @Override
    public void close() {
        connection.close();
    }

    /**
     * Sets the message listener; messages that arrived before it was set are delivered to it first.
     *
     * @param listener the listener, replacing any earlier one
     * @return this client, to chain the listeners
     */
    public DuplexClient onMessage(Consumer<DuplexMessage> listener) {
        return on(() -> connection.events.onMessage(listener));
    }

    /**
     * Sets the error listener: refused frames, {@code too_large}, and the reason before a lost session.
     *
     * @param listener the listener, replacing any earlier one
     * @return this client, to chain the listeners
     */
    public DuplexClient onError(Consumer<DuplexError> listener) {
        return on(() -> connection.events.onError(listener));
    }

    /**
     * Sets the reset listener: server messages were lost for good, and the channel goes on.
     *
     * @param listener the listener, replacing any earlier one
     * @return this client, to chain the listeners
     */
    public DuplexClient onReset(Consumer<ResetNotice> listener) {
        return on(() -> connection.events.onReset(listener));
    }

    /**
     * Sets the close listener, called once when the channel ends for whatever reason.
     *
     * @param listener the listener, replacing any earlier one
     * @return this client, to chain the listeners
     */
    public DuplexClient onClose(Consumer<CloseNotice> listener) {
        return on(() -> connection.events.onClose(listener));
    }

    /**
     * Sets the transport listener, called after each switch (upgrade or downgrade).
     *
     * @param listener the listener, replacing any earlier one
     * @return this client, to chain the listeners
     */
    public DuplexClient onTransport(Consumer<TransportKind> listener) {
        return on(() -> connection.events.onTransport(listener));
    }

    /**
     * Sets the pressure listener: the server asked this client to pause sending for the given ms.
     *
     * @param listener the listener, replacing any earlier one
     * @return this client, to chain the listeners
     */
    public DuplexClient onPressure(LongConsumer listener) {
        return on(() -> connection.events.onPressure(listener));
    }

    /**
     * Sets the drain listener: the backlog is empty again after pressure.
     *
     * @param listener the listener, replacing any earlier one
     * @return this client, to chain the listeners
     */
    public DuplexClient onDrain(Runnable listener) {
        return on(() -> connection.events.onDrain(listener));
    }

    private DuplexClient on(Runnable register) {
        connection.onLoop.execute(register);
        return this;
    }

    static JsonElement json(Object payload) {
        return payload instanceof JsonElement element ? element : Codec.GSON.toJsonTree(payload);
    }
}
