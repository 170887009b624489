package dev.duplex.server.websocket;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Handshake;
import dev.duplex.server.api.Scheduler;
import dev.duplex.server.api.TransportKind;
import dev.duplex.server.metrics.Utf8;
import dev.duplex.server.protocol.ClientFrames;
import dev.duplex.server.protocol.CloseCodes;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.FrameCodec;
import dev.duplex.server.protocol.FrameList;
import dev.duplex.server.protocol.ProtocolException;
import dev.duplex.server.session.Session;
import dev.duplex.server.session.SessionState;
import dev.duplex.server.session.Transport;
import dev.duplex.server.session.TransportHost;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.SendResult;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One WebSocket connection. Before {@code hello} it belongs to no session; after, it is that session's
 * transport until it closes or is superseded.
 *
 * <p>Writes: one at a time, from the hub's pool. Frames that arrive while a write is pending are coalesced
 * into the next message; an idle connection writes at once.
 */
public final class WebSocketTransport extends Endpoint implements Transport {
    private static final System.Logger LOG = System.getLogger(WebSocketTransport.class.getName());
    private static final FrameCodec CODEC = new FrameCodec();
    private static final int IDLE = 0;
    private static final int SENDING = 1;
    private static final int COMPLETED_INLINE = 2;
    // Flags as plain volatile fields with handles, not Atomic* objects: three fewer objects per idle connection.
    private static final VarHandle WRITING;
    private static final VarHandle CLOSED;
    private static final VarHandle SEND;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            WRITING = lookup.findVarHandle(WebSocketTransport.class, "writing", boolean.class);
            CLOSED = lookup.findVarHandle(WebSocketTransport.class, "closed", boolean.class);
            SEND = lookup.findVarHandle(WebSocketTransport.class, "send", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TransportHost hub;
    /** Needed until hello authorizes the connection; then dropped, as the session keeps its own snapshot. */
    private volatile Handshake handshake;
    private final DuplexOptions options;
    private final Scheduler scheduler;
    /** The single writer's flag (see {@link #claimWriter}). */
    private volatile boolean writing;
    private volatile boolean closed;
    private volatile jakarta.websocket.Session socket;
    private volatile Session session;
    private volatile Scheduler.Cancellable helloTimer;
    private volatile long lastReceived;
    private volatile long lastSent;
    private volatile long writeStarted;
    /** The peer's address as the upgrade request showed it, for the log of a refusal. */
    private volatile String remote;
    /** When the server's last ping went out without its pong yet (0: none), and the last round trip. */
    private volatile long pingAt;
    private volatile long rtt = -1;
    /** How many frames the message {@link #nextMessage} returned holds (the writing thread's own). */
    private int messageFrames;
    private final Owed owed = new Owed();
    /**
     * Whether a write is in flight, or just completed on the writing thread itself (see {@link #flush}); IDLE
     * at first.
     */
    private volatile int send;
    private long cursor;
    /** While the session is fetched from another node: the client's messages that arrived meanwhile. */
    private List<String> fetching;
    /** Set once by {@link #away}: the advice goes out with the next message, and then the socket closes. */
    private volatile Frame.Away away;
    private volatile boolean awayWritten;
    /** A rate-limit cut waiting for the advice already owed to this client to be written first. */
    private volatile ProtocolException cut;
    private volatile boolean cutWritten;
    /**
     * Completes when this connection closes, however: what a stopping node waits for. Made only when asked
     * for ({@link #away}); {@link #ended} records a close that came first.
     */
    private CompletableFuture<Void> gone;
    private boolean ended;

    WebSocketTransport(TransportHost hub, Handshake handshake) {
        this.hub = hub;
        this.handshake = handshake;
        this.remote = handshake.remoteAddress();
        this.options = hub.options();
        this.scheduler = hub.scheduler();
    }

    @Override
    public TransportKind kind() {
        return TransportKind.WEBSOCKET;
    }

    @Override
    public void onOpen(jakarta.websocket.Session ws, EndpointConfig config) {
        socket = ws;
        lastReceived = scheduler.nowMillis();
        lastSent = lastReceived;
        ws.setMaxTextMessageBufferSize(options.maxPostBytes());
        ws.setMaxBinaryMessageBufferSize(1024);
        ws.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::onText);
        // Partial, not Whole: refused at its first fragment, a binary message is never assembled, and the
        // container keeps no decoders, message sink and lists for it (some 250 B per idle connection on Jetty).
        ws.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) (bytes, last) -> {
            if (!closed) {
                refuse(new ProtocolException(ErrorCode.BAD_REQUEST, "binary messages are not supported"));
            }
        });
        helloTimer = scheduler.schedule(() -> {
            if (session == null) {
                close(CloseCodes.HEARTBEAT_TIMEOUT, "no hello in time");
            }
        }, options.heartbeatTimeoutMillis());
    }

    private void onText(String text) {
        lastReceived = scheduler.nowMillis();
        synchronized (this) {
            if (fetching != null) {
                // The session is on its way from another node: what the client sends meanwhile waits for it.
                fetching.add(text);
                return;
            }
        }
        try {
            List<Frame> frames = CODEC.decodeMessage(text, FrameCodec.Direction.CLIENT_TO_SERVER, options.maxBatch());
            hub.metrics().received(frames.size(), Utf8.length(text));
            if (session == null) {
                hello(frames);
            } else {
                receive(frames);
            }
        } catch (ProtocolException e) {
            Session current = session;
            if (current != null && current.state() == SessionState.MOVED) {
                // Handed to another node under this frame, which is not taken: the client resumes there.
                close(CloseCodes.GOING_AWAY, "the session moved to another node");
            } else {
                refuse(e);
            }
        }
    }

    private void hello(List<Frame> frames) throws ProtocolException {
        if (frames.size() != 1 || !(frames.get(0) instanceof Frame.Hello hello)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "the first frame must be hello");
        }
        Handshake upgrade = handshake;
        if (hub.elsewhere(hello.sid())) {
            fetch(hello, upgrade);
        } else {
            welcome(hello, upgrade);
        }
    }

    /** Brings the session from the node that holds it, then welcomes; a cluster pulls it to this socket's node. */
    private void fetch(Frame.Hello hello, Handshake upgrade) {
        synchronized (this) {
            fetching = new ArrayList<>(0);
        }
        hub.fetch(hello.sid(), hello.token(), upgrade.principal()).whenComplete((here, failure) -> {
            try {
                if (failure != null) {
                    LOG.log(Level.DEBUG, "could not fetch a session from another node", failure);
                    close(CloseCodes.TRY_AGAIN_LATER, "the node holding the session could not be asked");
                    return;
                }
                if (!here) {
                    throw new ProtocolException(ErrorCode.UNKNOWN_SESSION, "no such session");
                }
                welcome(hello, upgrade);
            } catch (ProtocolException e) {
                refuse(e);
            }
            List<String> waiting;
            synchronized (this) {
                waiting = fetching;
                fetching = null;
            }
            waiting.forEach(this::onText);
        });
    }

    private void welcome(Frame.Hello hello, Handshake upgrade) throws ProtocolException {
        Session target = hub.resolve(hello.sid(), hello.token(), upgrade.principal());
        hub.authorize(upgrade);
        String negotiated = socket.getNegotiatedSubprotocol();
        if (negotiated != null && !negotiated.isEmpty() && !negotiated.equals(target.protocol())) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "the WebSocket's subprotocol is not the session's");
        }
        target.checkAck(hello.ack());
        target.acknowledged(hello.ack());
        synchronized (this) {
            cursor = hello.ack() + 1;
        }
        owed.welcome(new Frame.Welcome(target.id(), target.received()));
        cancelHelloTimer();
        handshake = null;
        if (remote != null && remote.equals(target.handshake().remoteAddress())) {
            // Usually the same address as the session's own snapshot: keep one copy for the connection's life.
            remote = target.handshake().remoteAddress();
        }
        session = target;
        if (!target.attach(this)) {
            throw new ProtocolException(ErrorCode.UNKNOWN_SESSION, "no such session");
        }
        wake();
    }

    private void receive(List<Frame> frames) throws ProtocolException {
        ClientFrames.check(frames);
        Session current = session;
        Session.Received received = current.receive(frames);
        if (pingAt != 0) {
            timePong(frames);
        }
        boolean sequenced = frames.stream().anyMatch(Frame.Sequenced.class::isInstance);
        if (sequenced) {
            owed.ack(received.ack());
        }
        received.replies().forEach(owed::control);
        if (received.slowRetry() > 0) {
            owed.control(new Frame.Slow(received.slowRetry()));
        }
        if (sequenced || !received.replies().isEmpty() || received.slowRetry() > 0) {
            wake();
        }
    }

    private void timePong(List<Frame> frames) {
        for (Frame frame : frames) {
            if (frame instanceof Frame.Pong) {
                rtt = scheduler.nowMillis() - pingAt;
                pingAt = 0;
                return;
            }
        }
    }

    @Override
    public long rttMillis() {
        return rtt;
    }

    private void refuse(ProtocolException e) {
        hub.metrics().refused(e.code(), "/ws", remote);
        if (e.code() == ErrorCode.RATE_LIMITED && session != null) {
            // The client ignored a slow advice that may still be queued behind a busy writer: write what this
            // connection owes first, so the client can tell the cut was advised, then close (nextMessage).
            cut = e;
            wake();
            return;
        }
        close(e.code().closeCode(), e.getMessage());
    }

    @Override
    public void wake() {
        if (!closed && session != null && claimWriter()) {
            hub.flushExecutor().execute(this::flush);
        }
    }

    /** Whether a write to this socket has been started and not yet completed (for metrics and tests). */
    public boolean writePending() {
        return writing;
    }

    /** Takes the single-writer flag; the stall clock starts now, not when the pool gets round to it. */
    private boolean claimWriter() {
        if (!WRITING.compareAndSet(this, false, true)) {
            return false;
        }
        writeStarted = scheduler.nowMillis();
        Session current = session;
        if (current != null) {
            current.checkBy(writeStarted + options.slowConsumerMillis());
        }
        return true;
    }

    /**
     * Writes coalesced messages while there is anything to write. A write that completes on this very thread
     * (some containers complete a small write at once) continues this loop instead of calling back into it,
     * so a long backlog never deepens the stack; one that completes later calls {@link #flush} afresh.
     */
    private void flush() {
        String text;
        while ((text = nextMessage()) != null) {
            lastSent = scheduler.nowMillis();
            writeStarted = lastSent;
            hub.metrics().sent(messageFrames, Utf8.length(text));
            send = SENDING;
            try {
                socket.getAsyncRemote().sendText(text, this::written);
            } catch (RuntimeException e) {
                send = IDLE;
                writing = false;
                failed(e);
                return;
            }
            if (SEND.compareAndSet(this, SENDING, IDLE)) {
                return;
            }
            send = IDLE;
        }
    }

    /**
     * The next message to write, or null, having given up the writer's flag, when there is none. A frame queued
     * between the drain and the flag's release takes the flag back, so it never waits for the next wake.
     */
    private String nextMessage() {
        Session current = session;
        while (!closed) {
            if (awayWritten) {
                // Every write before this one has completed (one writer at a time), the advice included.
                writing = false;
                close(CloseCodes.GOING_AWAY, CloseCodes.GOING_AWAY_REASON);
                return null;
            }
            if (cutWritten) {
                writing = false;
                close(cut.code().closeCode(), cut.getMessage());
                return null;
            }
            String text = owed.takeWelcome();
            messageFrames = 1;
            if (text == null && cut != null) {
                // Only what this connection owes (the advice, the ack of what was taken) goes before the cut.
                FrameList frames = new FrameList();
                owed.drainTo(frames);
                cutWritten = true;
                text = frames.message();
                messageFrames = frames.count();
                if (text == null) {
                    continue;
                }
            } else if (text == null && (away != null || hasWork(current))) {
                // Checked first: every flush ends with a look that finds nothing, and it need not build a list.
                FrameList frames = new FrameList();
                owed.drainTo(frames);
                synchronized (this) {
                    cursor = current.outbox().drainTo(frames, cursor, options.maxBatch(),
                            () -> List.copyOf(current.topicSet()));
                }
                Frame.Away leaving = away;
                if (leaving != null) {
                    frames.add(CODEC.encode(leaving));
                    awayWritten = true;
                }
                text = frames.message();
                messageFrames = frames.count();
            }
            if (text != null) {
                return text;
            }
            writing = false;
            if (!hasWork(current) || !claimWriter()) {
                return null;
            }
        }
        writing = false;
        return null;
    }

    private boolean hasWork(Session current) {
        return owed.any() || current.outbox().hasWork(cursor());
    }

    private synchronized long cursor() {
        return cursor;
    }

    private void written(SendResult result) {
        if (!result.isOK()) {
            send = IDLE;
            writing = false;
            failed(result.getException());
        } else if (!SEND.compareAndSet(this, SENDING, COMPLETED_INLINE)) {
            // The writing thread has moved on: this completion came later, on its own thread.
            flush();
        }
    }

    private void failed(Throwable cause) {
        LOG.log(Level.DEBUG, "WebSocket write failed", cause);
        close(CloseCodes.GOING_AWAY, "write failed");
    }

    @Override
    public long sweep(long now) {
        if (closed) {
            return Long.MAX_VALUE;
        }
        if (now - lastReceived >= options.heartbeatMillis() + options.heartbeatTimeoutMillis()) {
            close(CloseCodes.HEARTBEAT_TIMEOUT, "heartbeat timeout");
            return Long.MAX_VALUE;
        } else if (writing && now - writeStarted >= options.slowConsumerMillis()) {
            // Cutting the pipe frees what is queued in it; the outbox keeps at most its high-water mark,
            // and the client resumes from its ack, or learns from a reset what it was too slow to take.
            hub.metrics().slowConsumerCut();
            close(CloseCodes.SLOW_CONSUMER, "slow consumer");
            return Long.MAX_VALUE;
        } else if (now - lastSent >= pingAfter()) {
            Session current = session;
            if (current != null) {
                lastSent = now;
                pingAt = now;
                owed.control(new Frame.Ping(null));
                wake();
            }
        }
        long due = Math.min(lastReceived + options.heartbeatMillis() + options.heartbeatTimeoutMillis(),
                lastSent + pingAfter());
        return writing ? Math.min(due, writeStarted + options.slowConsumerMillis()) : due;
    }

    /** Silence after which the server pings: a tick early, as the timer may fire up to a tick late. */
    private long pingAfter() {
        return options.heartbeatMillis() - options.sweepIntervalMillis();
    }

    @Override
    public void close(int code, String reason) {
        if (!CLOSED.compareAndSet(this, false, true)) {
            return;
        }
        cancelHelloTimer();
        Session current = session;
        if (current != null) {
            current.detach(this, reason);
        }
        jakarta.websocket.Session ws = socket;
        if (ws != null && ws.isOpen()) {
            try {
                // gone completes in onClose, once the close frame has left (and the client answered it).
                ws.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
                return;
            } catch (IOException | IllegalStateException e) {
                LOG.log(Level.DEBUG, "WebSocket close failed", e);
            }
        }
        gone();
    }

    /**
     * Writes {@code {"t":"away","retry":ms}} after the frames this connection owes (the ones a write already
     * has, and one more batch from the outbox), then closes with 1001; frames left unsent stay in the outbox
     * for the client's resume.
     */
    @Override
    public CompletableFuture<Void> away(long retryMillis) {
        away = new Frame.Away(retryMillis);
        if (session == null) {
            close(CloseCodes.GOING_AWAY, CloseCodes.GOING_AWAY_REASON);
        } else if (!closed && claimWriter()) {
            hub.flushExecutor().execute(this::flush);
        }
        return goneFuture();
    }

    private synchronized CompletableFuture<Void> goneFuture() {
        if (gone == null) {
            gone = new CompletableFuture<>();
            if (ended) {
                gone.complete(null);
            }
        }
        return gone;
    }

    /** The connection has closed: completes {@link #gone}, or has it made complete. */
    private void gone() {
        CompletableFuture<Void> waiting;
        synchronized (this) {
            ended = true;
            waiting = gone;
        }
        // Outside the lock: completing runs the waiter's continuations on this thread.
        if (waiting != null) {
            waiting.complete(null);
        }
    }

    private void cancelHelloTimer() {
        Scheduler.Cancellable timer = helloTimer;
        if (timer != null) {
            timer.cancel();
            // An idle connection lives for hours: it should not keep the spent timer (and its task) alive.
            helloTimer = null;
        }
    }

    @Override
    public void onClose(jakarta.websocket.Session ws, CloseReason reason) {
        closed = true;
        gone();
        cancelHelloTimer();
        Session current = session;
        if (current != null) {
            current.detach(this, "connection closed (" + reason.getCloseCode().getCode() + ")");
        }
    }

    @Override
    public void onError(jakarta.websocket.Session ws, Throwable cause) {
        LOG.log(Level.DEBUG, "WebSocket error", cause);
        close(CloseCodes.GOING_AWAY, "error");
    }
}
