package dev.duplex.server.session;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.CloseReason;
import dev.duplex.server.api.Handshake;
import dev.duplex.server.api.Hub;
import dev.duplex.server.api.Message;
import dev.duplex.server.api.RequestException;
import dev.duplex.server.api.TransportKind;
import dev.duplex.server.metrics.TransportTrail;
import dev.duplex.server.protocol.CloseCodes;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.FastFrames;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.ProtocolException;
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
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One client's session, independent of transport: the {@link Channel} the application sees.
 *
 * <p>State and the attached transport are guarded by {@code this}; outbound frames by the {@link Outbox};
 * inbound order by the {@link Inbox}. No lock is held while calling the application or another session.
 */
public final class Session implements Channel, Subscriber {
    /** How often {@link #release} looks whether the calls under way have finished. */
    private static final long SETTLE_POLL_NANOS = 200_000;
    private final String id;
    private final byte[] token;
    private final Handshake handshake;
    private final String protocol;
    private final SessionHost host;
    private final Outbox outbox;
    private final Inbox inbox;
    private final Attributes attributes = new Attributes();
    private final PendingRequests requests;
    private final Set<String> topics = new TopicSet();
    /** Wildcard subscriptions ({@code topic.TopicPattern}), which only front doors make; apart from topics. */
    private final Set<String> patterns = new TopicSet();
    private final CallbackQueue callbacks = new CallbackQueue();
    /** The transports so far, for the hub's figures. */
    private final TransportTrail trail = new TransportTrail();
    /** When the handshake created the session (hub clock, ms). */
    private final long since;

    private SessionState state = SessionState.OPEN;
    private Transport transport;
    /** Since when the session has had no transport (or since its creation, before the first). */
    private long idleSince;
    /** Whether a transport ever attached: the application hears of the session from then on. */
    private boolean opened;
    /** Set when a cluster's hand-off took the session: it lives on elsewhere, so the handler hears no end here. */
    private boolean handedOff;
    /** Set on the move to CLOSING: what the server's close frame says, its number, and when it was queued. */
    private Closing closing;

    /** A close the server started: its frame, numbered {@code seq}, must reach the client before the end. */
    private record Closing(CloseReason reason, long seq, long since) { }

    public Session(String id, String token, Handshake handshake, SessionHost host, Outbox.Limits limits) {
        this(id, token, handshake, "", host, limits);
    }

    /** A session whose client negotiated {@code protocol} ({@code ""} for none). */
    public Session(String id, String token, Handshake handshake, String protocol, SessionHost host,
            Outbox.Limits limits) {
        this.id = id;
        this.protocol = protocol;
        this.token = token.getBytes(StandardCharsets.US_ASCII);
        this.handshake = handshake;
        this.host = host;
        this.outbox = new Outbox(limits, id);
        this.requests = new PendingRequests(host.scheduler());
        this.idleSince = host.scheduler().nowMillis();
        this.since = idleSince;
        this.inbox = new Inbox(new InboundPacer(host.options().maxInboundPerSecond(), host.options().maxBatch(),
                idleSince));
    }

    /**
     * A session handed over by another node, carrying on where it stopped there: same id and token, the
     * client's frames accepted so far, the server's numbering and unacknowledged frames. Its topics are the
     * hub's to subscribe again. The application is not told it opened if it was told on the other node.
     */
    public static Session adopt(SessionSnapshot snapshot, SessionHost host, Outbox.Limits limits) {
        Session session = new Session(snapshot.id(), snapshot.token(), snapshot.handshake(), snapshot.protocol(),
                host, limits);
        session.inbox.resumeAfter(snapshot.received());
        session.outbox.thaw(snapshot.outbox());
        session.topics.addAll(snapshot.topics());
        session.opened = snapshot.opened();
        return session;
    }

    /**
     * Hands this session over to another node: it takes no client frame from now on, lets the application's
     * calls already under way finish (at most {@code settleMillis}), then becomes {@link SessionState#MOVED}
     * and returns what the other node needs. The application is not told (no close). A message the application
     * sends to it afterwards is passed to the hub to reach the session's new node.
     *
     * @param closeTransport whether to close the attached transport now as superseded (a WebSocket elsewhere
     *                       pulled the session); a draining node leaves it to the stop sequence
     * @return the snapshot, or null if the session is not open (closing or closed: it stays here)
     */
    public SessionSnapshot release(boolean closeTransport, long settleMillis) {
        synchronized (this) {
            if (state != SessionState.OPEN) {
                return null;
            }
        }
        seal();
        long deadline = System.nanoTime() + settleMillis * 1_000_000;
        while (!settled() && System.nanoTime() < deadline) {
            // Not a busy spin: on a saturated machine it would take the CPU from the calls it waits for.
            LockSupport.parkNanos(SETTLE_POLL_NANOS);
        }
        Transport last;
        SessionSnapshot snapshot;
        synchronized (this) {
            if (state != SessionState.OPEN) {
                return null;
            }
            state = state.moveTo(SessionState.MOVED);
            snapshot = new SessionSnapshot(id, new String(token, StandardCharsets.US_ASCII), handshake, protocol,
                    inbox.received(), outbox.freeze(), List.copyOf(topics), opened);
            last = closeTransport ? transport : null;
            if (closeTransport) {
                transport = null;
            }
        }
        // The frames travel in the snapshot: this copy gives back its share of the hub's replay budget.
        outbox.release();
        if (last != null) {
            last.close(CloseCodes.SUPERSEDED, "the session moved to another node");
        }
        return snapshot;
    }

    /**
     * The first step of {@link #release}: takes no client frame from now on (a frame that comes is refused as
     * transient, {@code node_unavailable}, and its client re-sends it to the session's next node). A node that
     * releases many sessions seals them all first, so that the application's calls under way finish in all of them
     * at once.
     */
    public void seal() {
        inbox.seal();
    }

    /** Whether no client frame is being accepted and no application call is queued or running. */
    private boolean settled() {
        return inbox.idle() && callbacks.idle();
    }

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

    /** The session's state right now. */
    public synchronized SessionState state() {
        return state;
    }

    /** The transport attached right now, or null. */
    public synchronized Transport currentTransport() {
        return transport;
    }

    /**
     * Makes {@code next} the session's transport; the previous one, if any, is closed as superseded.
     *
     * @return false if the session is closed
     */
    public boolean attach(Transport next) {
        return attachOrReuse(current -> false, () -> next) != null;
    }

    /**
     * Returns the attached transport if {@code reusable} accepts it; otherwise attaches a new one from
     * {@code factory}, closing the previous one as superseded. Atomic, so concurrent requests of one
     * session never create two transports.
     *
     * @return the transport now attached, or null if the session is closed
     */
    public Transport attachOrReuse(Predicate<Transport> reusable, Supplier<? extends Transport> factory) {
        Transport previous;
        Transport next;
        synchronized (this) {
            if (state == SessionState.CLOSED || state == SessionState.MOVED) {
                return null;
            }
            if (transport != null && reusable.test(transport)) {
                return transport;
            }
            previous = transport;
            next = factory.get();
            transport = next;
            String reason = TransportChanges.attachReason(opened, previous, next);
            if (!opened) {
                opened = true;
                callbacks.add(() -> host.opened(this));
            }
            TransportKind from = previous == null ? TransportKind.NONE : previous.kind();
            callbacks.add(() -> host.transportChanged(this, from, next.kind(), reason));
        }
        if (previous != null) {
            previous.close(CloseCodes.SUPERSEDED, "superseded by " + next.kind().wireName());
        }
        callbacks.drainQueued(host.flushExecutor());
        return next;
    }

    /**
     * The attached transport {@code current}, one object that spans requests (a front door's, such as the Bayeux
     * one), now carries the session over {@code current.kind()} instead of {@code from}: the application hears of
     * it as an upgrade or downgrade, in order with the session's other calls. Nothing is closed or replayed.
     */
    public void transportKindChanged(Transport current, TransportKind from) {
        synchronized (this) {
            TransportKind to = current.kind();
            if (transport != current || state == SessionState.CLOSED || from == to) {
                return;
            }
            String reason = TransportChanges.switchReason(from, to);
            callbacks.add(() -> host.transportChanged(this, from, to, reason));
        }
        callbacks.drainQueued(host.flushExecutor());
    }

    /** {@code gone} is no longer usable; if it was the session's transport, the resume window starts. */
    public void detach(Transport gone) {
        detach(gone, "connection lost");
    }

    /** As {@link #detach(Transport)}, saying why the transport went, for the application. */
    public void detach(Transport gone, String reason) {
        synchronized (this) {
            if (transport != gone || state == SessionState.CLOSED) {
                return;
            }
            transport = null;
            idleSince = host.scheduler().nowMillis();
            callbacks.add(() -> host.transportChanged(this, gone.kind(), TransportKind.NONE, reason));
        }
        callbacks.drainQueued(host.flushExecutor());
    }

    /**
     * Runs {@code call} among this session's application calls, after those queued before it and never at the same
     * time as another: for work that completes later on another thread (a cluster confirming a subscription).
     *
     * @param call the work, which may call the application
     */
    public void runInOrder(Runnable call) {
        callbacks.add(call);
        callbacks.drainQueued(host.flushExecutor());
    }

    /** Whether a transport ever attached, i.e. whether the application was told the session opened. */
    public synchronized boolean wasOpened() {
        return opened;
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
            callbacks.add(() -> host.dispatch(this, frame));
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

    /**
     * A long-poll send arrived: the client is alive even if it does not poll. Restarts the resume window of
     * a session without a transport, and the idle clock of its transport otherwise.
     */
    public void keepAlive() {
        long now = host.scheduler().nowMillis();
        Transport current;
        synchronized (this) {
            idleSince = now;
            current = transport;
        }
        if (current != null) {
            current.keepAlive(now);
        }
    }

    /** The client has every frame up to {@code ack}. */
    public void acknowledged(long ack) {
        outbox.acknowledge(ack);
        boolean closeDelivered;
        synchronized (this) {
            closeDelivered = state == SessionState.CLOSING && ack >= closing.seq();
        }
        if (closeDelivered) {
            finish(closingReason());
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

    /** Wakes the attached transport, if any. */
    public void wake() {
        Transport current = currentTransport();
        if (current != null) {
            current.wake();
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

    /** Liveness and expiry, called by the hub's sweeper. */
    public void sweep(long now) {
        Transport current;
        CloseReason expired = null;
        synchronized (this) {
            current = transport;
            if (state == SessionState.CLOSED) {
                return;
            }
            if (state == SessionState.CLOSING && now - closing.since() >= host.options().heartbeatTimeoutMillis()) {
                // The client had its chance to take the close frame; it is gone.
                expired = closing.reason();
            } else if (current == null && now - idleSince >= host.options().resumeWindowMillis()) {
                expired = CloseReason.EXPIRED;
            }
        }
        if (expired != null) {
            finish(expired);
        } else if (current != null) {
            current.sweep(now);
        }
    }

    /**
     * The node is stopping: tells the attached transport's client to come back in {@code retryMillis} ms
     * (PROTOCOL.md section 5). The session keeps its state until {@link #finish}ed.
     *
     * @return completes once the advice is written, or at once if no transport is attached
     */
    public CompletableFuture<Void> away(long retryMillis) {
        Transport current = currentTransport();
        return current == null ? CompletableFuture.completedFuture(null) : current.away(retryMillis);
    }

    /**
     * Ends the session on this node because a cluster's hand-off took it ({@link SessionHandoff}): like
     * {@link #finish}, but the application is not told, as the session lives on elsewhere.
     */
    public void finishHandedOff(CloseReason reason) {
        synchronized (this) {
            handedOff = true;
        }
        finish(reason);
    }

    /** Whether the session ended here because a cluster's hand-off took it (see {@link #finishHandedOff}). */
    public synchronized boolean handedOff() {
        return handedOff;
    }

    /** Ends the session at once: the client's close, expiry, or shutdown. Idempotent. */
    public void finish(CloseReason reason) {
        if (letGoOfMovedCopy(reason)) {
            return;
        }
        Transport last;
        synchronized (this) {
            if (state == SessionState.CLOSED || state == SessionState.MOVED) {
                return;
            }
            state = state.moveTo(SessionState.CLOSED);
            last = transport;
            transport = null;
            if (last != null && !handedOff) {
                callbacks.add(() -> host.transportChanged(this, last.kind(), TransportKind.NONE,
                        "session closed: " + reason.reason()));
            }
        }
        if (last != null) {
            last.close(reason.code() == CloseReason.SHUTDOWN.code() ? CloseCodes.GOING_AWAY : CloseCodes.NORMAL,
                    reason.reason());
        }
        outbox.release();
        requests.close();
        callbacks.drainQueued(host.flushExecutor());
        // Not queued: when finish returns, the session is gone from the hub and the application was told, even
        // if another thread is still running this session's earlier calls.
        host.closed(this, reason);
    }

    /** If this session moved to another node, only its transport here ends: the application hears nothing. */
    private boolean letGoOfMovedCopy(CloseReason reason) {
        Transport last;
        synchronized (this) {
            if (state != SessionState.MOVED) {
                return false;
            }
            last = transport;
            transport = null;
        }
        if (last != null) {
            last.close(CloseCodes.GOING_AWAY, reason.reason());
        }
        return true;
    }

    /** The topic set, for the hub's topic bookkeeping. */
    public Set<String> topicSet() {
        return topics;
    }

    /** The pattern subscriptions, for the hub's bookkeeping; never part of {@link #topics()}. */
    public Set<String> patternSet() {
        return patterns;
    }

    // ---- Channel ----

    @Override
    public String id() {
        return id;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public synchronized TransportKind transport() {
        return transport == null ? TransportKind.NONE : transport.kind();
    }

    @Override
    public synchronized boolean isOpen() {
        return state == SessionState.OPEN;
    }

    @Override
    public void send(Message message) {
        // Appended unless the outbox is sealed: a move that froze it between the two would otherwise number the
        // message here after the snapshot was taken, and it would be lost with this copy of the session.
        if (state() == SessionState.OPEN && outbox.appendMessage(FastFrames.messageTail(message.wire()))
                != Outbox.SEALED) {
            wake();
        } else if (state() == SessionState.MOVED) {
            host.sendMoved(this, message);
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
    public void close(CloseReason reason) {
        synchronized (this) {
            if (state != SessionState.OPEN) {
                return;
            }
            // The close frame is numbered like any message, so the client gets everything sent before it.
            long seq = outbox.append(new Frame.Close(0, reason.code(), reason.reason()));
            closing = new Closing(reason, seq, host.scheduler().nowMillis());
            state = state.moveTo(SessionState.CLOSING);
        }
        wake();
    }

    private synchronized CloseReason closingReason() {
        return closing.reason();
    }

    @Override
    public void subscribe(String topic) {
        host.subscribe(this, topic);
    }

    @Override
    public void unsubscribe(String topic) {
        host.unsubscribe(this, topic);
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
