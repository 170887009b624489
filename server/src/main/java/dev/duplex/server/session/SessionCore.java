package dev.duplex.server.session;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.Handshake;
import dev.duplex.server.api.Hub;
import dev.duplex.server.api.Message;
import dev.duplex.server.api.RequestException;
import dev.duplex.server.metrics.TransportTrail;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.FastFrames;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.ProtocolException;
import dev.duplex.server.topic.StreamMark;
import dev.duplex.server.topic.Subscriber;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a {@link Session} is made of apart from its state machine: its identity, the queues both ways, its
 * subscriptions, attributes and the application's pending requests, with the calls that only reach those.
 * {@link Session} adds the states (open, closing, closed, moved), the attached transport and the deadlines,
 * which this part only asks about ({@link #state()}, {@link #isOpen()}) or wakes ({@link #wake()}).
 *
 * <p>Nothing here is guarded by the session's monitor: each part guards itself (the {@link Outbox} its frames, the
 * {@link Inbox} inbound order, {@link PendingRequests} its map).
 */
public abstract sealed class SessionCore implements Channel, Subscriber permits Session {
    final String id;
    final byte[] token;
    final Handshake handshake;
    final String protocol;
    final SessionHost host;
    final Outbox outbox;
    final Inbox inbox;
    private final Attributes attributes = new Attributes();
    final PendingRequests requests;
    final Set<String> topics = new TopicSet();
    /** Wildcard subscriptions ({@code topic.TopicPattern}), which only front doors make; apart from topics. */
    private final Set<String> patterns = new TopicSet();
    final CallbackQueue callbacks = new CallbackQueue();
    /** The transports so far, for the hub's figures. */
    private final TransportTrail trail = new TransportTrail();
    /** When the handshake created the session (hub clock, ms). */
    final long since;

    SessionCore(String id, String token, Handshake handshake, String protocol, SessionHost host,
            Outbox.Limits limits) {
        this.id = id;
        this.protocol = protocol;
        this.token = token.getBytes(StandardCharsets.US_ASCII);
        this.handshake = handshake;
        this.host = host;
        this.outbox = new Outbox(limits, id);
        this.requests = new PendingRequests(host.scheduler());
        this.since = host.scheduler().nowMillis();
        this.inbox = new Inbox(new InboundPacer(host.options().maxInboundPerSecond(), host.options().maxBatch(),
                since));
    }

    /** The session's state right now. */
    public abstract SessionState state();

    /** This session, as the hub knows it (the one subclass: the type is sealed). */
    private Session self() {
        return (Session) this;
    }

    /** Wakes the attached transport, if any. */
    public abstract void wake();

    /** The client has every frame up to {@code ack}. */
    public abstract void acknowledged(long ack);

    /** Whether {@code candidate} is this session's token, compared in constant time. */
    public boolean tokenMatches(String candidate) {
        return candidate != null
                && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.US_ASCII));
    }

    /** When the handshake created the session (hub clock, ms). */
    public long since() {
        return since;
    }

    /** The transports so far, for the hub's figures. */
    public TransportTrail trail() {
        return trail;
    }

    /** The outbound side, for transports to drain. */
    public Outbox outbox() {
        return outbox;
    }

    /**
     * Takes client frames from a transport: acks, pings and sequenced frames. Over the rate cap the rest of
     * the message is discarded unacked, and {@link Received#slowRetry()} advises the client to pause.
     *
     * @return the server's cumulative ack of client frames, any pongs owed, and the advice
     * @throws ProtocolException {@code bad_request} for an ack beyond the last server frame (nothing is
     *                           processed), {@code sequence_gap}, or {@code rate_limited} for a client that
     *                           ignored the advice
     */
    public Received receive(List<Frame> frames) throws ProtocolException {
        for (Frame frame : frames) {
            if (frame instanceof Frame.Ack a) {
                checkAck(a.ack());
            }
        }
        List<Frame> replies = new ArrayList<>(0);
        Inbox.Outcome outcome = inbox.receive(frames, host.scheduler().nowMillis(), frame -> {
            if (frame instanceof Frame.Ack a) {
                acknowledged(a.ack());
            } else if (frame instanceof Frame.Ping p) {
                replies.add(new Frame.Pong(p.id()));
            } else if (frame instanceof Frame.Fallback f) {
                host.metrics().fallback(trail, id, f.reason(), handshake.header("User-Agent").orElse(null));
            }
        }, frame -> {
            // Behind any open or transport change already queued: the application hears them in order.
            callbacks.add(() -> host.dispatch(self(), frame));
            callbacks.drain();
        });
        return new Received(outcome.ack(), replies, outcome.slowRetry());
    }

    /**
     * The outcome of {@link #receive}.
     *
     * @param slowRetry ms the client should pause before re-sending from {@code ack}, or 0 if it need not
     */
    public record Received(long ack, List<Frame> replies, long slowRetry) { }

    /**
     * Refuses an ack of frames the server never sent: a broken or lying client, which would otherwise stall
     * its polls or skip frames on replay.
     *
     * @throws ProtocolException {@code bad_request} if {@code ack} is beyond the last numbered frame
     */
    public void checkAck(long ack) throws ProtocolException {
        if (ack > outbox.lastSeq()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "ack beyond the last frame the server sent");
        }
    }

    /** Queues a numbered frame and wakes the transport. */
    public void enqueue(Frame.Sequenced template) {
        outbox.append(template);
        wake();
    }

    /** Queues a topic delivery whose encoded tail is shared by every subscriber. */
    @Override
    public void deliver(String tail) {
        if (isOpen()) {
            outbox.appendMessage(tail);
            wake();
        }
    }

    /** Queues a topic delivery that a networked broker numbered, remembering its mark. */
    @Override
    public void deliver(String tail, String topic, StreamMark mark) {
        if (isOpen() && outbox.appendPublish(tail, topic, mark) != Outbox.SEALED) {
            wake();
        }
    }

    /** The mark of the last numbered publish of {@code topic} this session got, or null. */
    public StreamMark mark(String topic) {
        return outbox.mark(topic);
    }

    /**
     * Publishes to {@code topic} may have been lost (a broker's gap): the client gets a numbered
     * {@code reset} naming the topic, in its place among the topic's deliveries.
     */
    @Override
    public void topicGap(String topic) {
        if (isOpen()) {
            long seq = outbox.appendReset(Outbox.TOPIC_GAP, List.of(topic));
            host.metrics().reset(id, Outbox.TOPIC_GAP, seq, seq);
            wake();
        }
    }

    /** Whether the calling thread holds the inbox's monitor: for tests that nothing calls out under it. */
    boolean holdsInboundMonitor() {
        return Thread.holdsLock(inbox);
    }

    /** The client's cumulative ack of its own frames so far. */
    public long received() {
        return inbox.received();
    }

    /** The topic set, for the hub's topic bookkeeping. */
    public Set<String> topicSet() {
        return topics;
    }

    /** The pattern subscriptions, for the hub's bookkeeping; never part of {@link #topics()}. */
    public Set<String> patternSet() {
        return patterns;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public void send(Message message) {
        // Appended unless the outbox is sealed: a move that froze it between the two would otherwise number the
        // message here after the snapshot was taken, and it would be lost with this copy of the session.
        if (state() == SessionState.OPEN && outbox.appendMessage(FastFrames.messageTail(message.wire()))
                != Outbox.SEALED) {
            wake();
        } else if (state() == SessionState.MOVED) {
            host.sendMoved(self(), message);
        }
    }

    @Override
    public CompletionStage<Message> request(Message message, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a request's timeout must be more than zero");
        }
        if (!isOpen()) {
            return CompletableFuture.failedStage(
                    new RequestException(RequestException.CLOSED, "the channel is closed"));
        }
        CompletableFuture<Message> answer = requests.ask(() -> outbox.append(new Frame.Req(0, message.wire())),
                Math.max(1, timeout.toMillis()));
        wake();
        return answer.minimalCompletionStage();
    }

    /** The client answered the server's request numbered {@code ref}; a late or unknown answer is dropped. */
    public void answered(long ref, Message reply) {
        requests.answer(ref, reply);
    }

    /** The client refused the server's request numbered {@code ref}, or its answer could not be taken. */
    public void refused(long ref, RequestException error) {
        requests.fail(ref, error);
    }

    @Override
    public void subscribe(String topic) {
        host.subscribe(self(), topic);
    }

    @Override
    public void unsubscribe(String topic) {
        host.unsubscribe(self(), topic);
    }

    @Override
    public Set<String> topics() {
        return Set.copyOf(topics);
    }

    @Override
    public Handshake handshake() {
        return handshake;
    }

    @Override
    public Optional<Object> attribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void attribute(String name, Object value) {
        attributes.set(name, value);
    }

    @Override
    public Hub hub() {
        return host.hub();
    }

    @Override
    public String toString() {
        return "Session[" + id + "]";
    }
}
