package dev.duplex.server.fuzz;

import dev.duplex.server.api.CloseReason;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Handshake;
import dev.duplex.server.api.Hub;
import dev.duplex.server.api.Message;
import dev.duplex.server.api.Scheduler;
import dev.duplex.server.api.TransportKind;
import dev.duplex.server.protocol.CloseCodes;
import dev.duplex.server.metrics.HubMetrics;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.FrameCodec;
import dev.duplex.server.protocol.FrameCodec.Direction;
import dev.duplex.server.protocol.ProtocolException;
import dev.duplex.server.session.Outbox;
import dev.duplex.server.session.Session;
import dev.duplex.server.session.SessionHost;
import dev.duplex.server.session.SessionState;
import dev.duplex.server.session.Transport;
import dev.duplex.server.testing.ManualScheduler;
import dev.duplex.server.timer.TimerWheel;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The system under test (a real {@link Session} with its {@link Outbox}, hosted by a capture fake on a
 * {@link ManualScheduler}, sharing the global budget with a bystander outbox) and the reference model: what
 * the server published, what the client accepted, and the oracle checks that tie them together.
 */
final class SessionWorld {
    static final long WINDOW = 10_000;
    static final long HEARTBEAT_TIMEOUT = 3_000;
    private static final FrameCodec CODEC = new FrameCodec();
    private static final String CLOSE_MARK = "<close>";

    final ManualScheduler clock = new ManualScheduler();
    final AtomicLong global = new AtomicLong();
    final Outbox.Limits limits;
    final Outbox bystander;
    private final CapturingHost host;
    private final List<String> log = new ArrayList<>();
    Session session;
    private int sessions;

    // The server side of the model.
    private final Map<Long, String> published = new HashMap<>();
    private long ackFloor;
    private FakeTransport serverTransport;
    private long idleSince;
    private boolean closing;
    private long closingSince;
    private long closeSeq;

    // The client side of the model.
    long received;
    long lastAckSent;
    private final BitSet accepted = new BitSet();
    private final BitSet lost = new BitSet();
    FakeTransport clientTransport;
    boolean broken;
    private boolean sawClose;
    private boolean sawCloseAcked;
    int duplicatesDropped;
    int resets;
    int expirations;
    int supersedes;
    int closesAcked;

    SessionWorld(int maxFrames, long maxChars, long globalMaxChars) {
        limits = new Outbox.Limits(maxFrames, maxChars, global, globalMaxChars);
        bystander = new Outbox(limits);
        host = new CapturingHost(clock);
        newSession();
    }

    @Override
    public String toString() {
        return "World" + limits + " " + String.join("; ", log.subList(Math.max(0, log.size() - 12), log.size()));
    }

    // ---- actions ----

    void newSession() {
        if (session != null) {
            expect(session.state() == SessionState.CLOSED, "a new handshake only after the old session ended");
            expect(session.outbox().size() == 0, "a closed session holds no frames");
        }
        sessions++;
        session = new Session("s" + sessions, "token", new Handshake(null, Map.of(), Map.of(), "127.0.0.1", null),
                host, limits);
        published.clear();
        ackFloor = 0;
        serverTransport = null;
        idleSince = clock.nowMillis();
        closing = false;
        received = 0;
        lastAckSent = 0;
        accepted.clear();
        lost.clear();
        clientTransport = null;
        broken = false;
        sawClose = false;
        sawCloseAcked = false;
        log.add("handshake " + session.id());
    }

    boolean isOpen() {
        return session.state() != SessionState.CLOSED;
    }

    void publish(String text) {
        boolean open = session.isOpen();
        long before = session.outbox().lastSeq();
        Message message = Message.text(text);
        session.send(message);
        long after = session.outbox().lastSeq();
        if (open) {
            expect(after == before + 1, "a message gets the next seq");
            published.put(after, message.json());
        } else {
            expect(after == before, "a closing session sends nothing more");
        }
        log.add("publish " + after);
    }

    void bystanderLoad(int count) {
        for (int i = 0; i < count; i++) {
            bystander.appendMessage(",\"d\":\"bystander " + i + "\"}");
        }
        log.add("bystander +" + count);
    }

    void bystanderAcksAll() {
        bystander.acknowledge(Long.MAX_VALUE);
        expect(bystander.size() == 0, "an ack of everything empties the bystander");
        log.add("bystander acks");
    }

    void serverClose() {
        session.close(CloseReason.NORMAL);
        closing = true;
        closingSince = clock.nowMillis();
        closeSeq = session.outbox().lastSeq();
        published.put(closeSeq, CLOSE_MARK);
        log.add("server close " + closeSeq);
    }

    boolean canDeliver() {
        return isOpen() && clientTransport != null && !broken && clientTransport == serverTransport;
    }

    /** One long-poll response or one WebSocket message reaches the client, or is lost when {@code lose}. */
    void deliver(int maxFrames, boolean lose) {
        Outbox.Batch batch;
        if (clientTransport.kind() == TransportKind.LONG_POLLING) {
            // A poll carries the client's ack (the first one after a resume may be stale), and restarts from it.
            long ack = clientTransport.cursor - 1;
            clientTransport.cursor = received + 1;
            session.acknowledged(ack);
            noteAck(ack);
            if (!isOpen()) {
                log.add("poll acks the close");
                checkClosedByAck();
                return;
            }
            batch = session.outbox().drain(ack + 1, maxFrames, this::topics);
            expect(batch.text() != null, "a poll is always answered with an array");
        } else {
            batch = session.outbox().drain(clientTransport.cursor, maxFrames, this::topics);
            clientTransport.cursor = batch.nextCursor();
        }
        log.add((lose ? "lose " : "deliver ") + clientTransport.kind() + " " + batch.frames());
        if (lose) {
            // A WebSocket that loses a message is dead, though the server may not know yet.
            broken = clientTransport.kind() == TransportKind.WEBSOCKET;
        } else if (!batch.isEmpty()) {
            accept(batch.text());
            if (clientTransport != null && clientTransport.kind() == TransportKind.LONG_POLLING) {
                clientTransport.cursor = received + 1;
            }
        }
        checkClosedByAck();
    }

    void ack(long value) {
        try {
            session.receive(List.of(new Frame.Ack(value)));
        } catch (ProtocolException e) {
            throw new AssertionError("an ack was refused: " + e.getMessage(), e);
        }
        noteAck(value);
        log.add("ack " + value);
        checkClosedByAck();
    }

    void disconnect() {
        session.detach(serverTransport);
        log.add("disconnect " + serverTransport.kind());
        serverTransport = null;
        idleSince = clock.nowMillis();
        clientTransport = null;
        broken = false;
    }

    /**
     * A transport (re)attaches with an ack: a resume, or a switch when one is attached. The ack is the client's
     * {@code received}, or a stale one (a client may resume from any ack it has; it drops the duplicates).
     */
    void attach(TransportKind kind, long ack) {
        if (kind == TransportKind.WEBSOCKET) {
            // The hello's ack comes first, and may be the ack of the close frame that ends the session.
            session.acknowledged(ack);
            noteAck(ack);
            checkClosedByAck();
        }
        FakeTransport previous = serverTransport;
        FakeTransport next = new FakeTransport(kind, ack + 1);
        boolean wasOpen = isOpen();
        boolean attached = session.attach(next);
        log.add("attach " + kind + " ack " + ack + (previous == null ? "" : " over " + previous.kind()) + " -> "
                + attached);
        expect(attached == wasOpen, "attach succeeds exactly while the session is not closed");
        if (!attached) {
            clientTransport = null;
            return;
        }
        expect(session.currentTransport() == next, "attached");
        expect(session.state() == (closing ? SessionState.CLOSING : SessionState.OPEN), "attaching keeps the state");
        if (previous != null) {
            expect(previous.closedWith == CloseCodes.SUPERSEDED, "the previous transport is closed as superseded");
            supersedes++;
            // Its close callback comes later and must not detach the new transport.
            session.detach(previous);
            expect(session.currentTransport() == next, "a stale detach is ignored");
        }
        serverTransport = next;
        clientTransport = next;
        broken = false;
    }

    /** Time passes, then the hub's sweeper runs. */
    void advanceAndSweep(long millis) {
        clock.advance(millis);
        long now = clock.nowMillis();
        boolean wasClosed = !isOpen();
        CloseReason expected = null;
        if (!wasClosed) {
            if (closing && now - closingSince >= HEARTBEAT_TIMEOUT) {
                expected = CloseReason.NORMAL;
            } else if (serverTransport == null && now - idleSince >= WINDOW) {
                expected = CloseReason.EXPIRED;
            }
        }
        int closedBefore = host.closed.size();
        session.sweep(now);
        log.add("advance " + millis + (expected == null ? "" : " -> " + expected.reason()));
        if (expected == null) {
            expect(isOpen() == !wasClosed, "the sweep ended a session it should have kept");
            return;
        }
        expect(!isOpen(), "the sweep kept a session past its time: " + expected);
        expirations++;
        expect(host.closed.size() == closedBefore + 1 && host.closed.get(closedBefore).equals(expected),
                "the host hears the end once, with its reason");
        if (serverTransport != null) {
            expect(serverTransport.closedWith == CloseCodes.NORMAL, "the last transport is closed");
        }
        serverTransport = null;
        clientTransport = null;
    }

    // ---- the client and the oracle ----

    private List<String> topics() {
        return List.of();
    }

    private void noteAck(long value) {
        lastAckSent = value;
        ackFloor = Math.max(ackFloor, Math.min(value, session.outbox().lastSeq()));
    }

    private void checkClosedByAck() {
        if (closing && ackFloor >= closeSeq && isOpen()) {
            throw new AssertionError("the session must end once the client acks its close frame");
        }
        if (closing && ackFloor >= closeSeq && !sawCloseAcked) {
            sawCloseAcked = true;
            closesAcked++;
        }
        if (closing && !isOpen() && serverTransport != null) {
            expect(serverTransport.closedWith == CloseCodes.NORMAL, "the transport is closed with the session");
            serverTransport = null;
            clientTransport = null;
        }
    }

    /** What the client does with a batch: accept in order, drop duplicates, honour resets. */
    private void accept(String text) {
        List<Frame> frames;
        try {
            frames = CODEC.decodeMessage(text, Direction.SERVER_TO_CLIENT, Integer.MAX_VALUE);
        } catch (ProtocolException e) {
            throw new AssertionError("the client cannot decode what the server sent: " + text, e);
        }
        for (Frame frame : frames) {
            if (frame instanceof Frame.Reset reset) {
                expect(reset.from() <= received + 1, "a frame before the reset is missing: " + reset
                        + " with received=" + received);
                expect(reset.to() >= reset.from() && reset.to() <= session.outbox().lastSeq(),
                        "a reset names frames that were sent: " + reset);
                if (reset.to() > received) {
                    lost.set((int) received + 1, (int) reset.to() + 1);
                    received = reset.to();
                    resets++;
                } else {
                    // After a stale ack: the client has all of it already.
                    duplicatesDropped++;
                }
            } else if (frame instanceof Frame.Sequenced sequenced) {
                long seq = sequenced.seq();
                if (seq <= received) {
                    duplicatesDropped++;
                    continue;
                }
                expect(seq == received + 1, "silent gap: the client has " + received + " and got " + seq);
                expect(!sawClose, "a frame after the close frame");
                String expected = published.get(seq);
                if (sequenced instanceof Frame.Msg msg) {
                    expect(msg.d().equals(expected), "seq " + seq + " carries " + msg.d() + ", not " + expected);
                } else {
                    expect(sequenced instanceof Frame.Close && CLOSE_MARK.equals(expected),
                            "seq " + seq + " is " + sequenced + ", not " + expected);
                    sawClose = true;
                }
                accepted.set((int) seq);
                received = seq;
            }
        }
    }

    /** Invariants after every action: the replay buffer is bounded, exact, and accounted for globally. */
    void checkReplayBuffer() {
        Outbox outbox = session.outbox();
        expect(session.currentTransport() == serverTransport, "the session's transport is the model's");
        expect(outbox.size() <= limits.maxFrames(), "more unacked frames than maxFrames: " + outbox.size());
        expect(bystander.size() <= limits.maxFrames(), "the bystander holds more than maxFrames");
        expect(global.get() <= limits.globalMaxChars() || outbox.size() <= 1 || bystander.size() <= 1,
                "the global budget is exceeded: " + global.get());
        long ours = heldChars(outbox, ackFloor, true);
        long theirs = heldChars(bystander, 0, false);
        expect(global.get() == ours + theirs, "global counter " + global.get() + " but held " + ours + "+" + theirs);
        expect(outbox.size() <= 1 || ours <= limits.maxChars(), "more unacked chars than maxChars: " + ours);
        if (!isOpen()) {
            expect(outbox.size() == 0 && ours == 0, "a closed session holds nothing");
        }
    }

    /** The chars an outbox holds, checking that what it holds is exactly the unacked, undiscarded tail. */
    private long heldChars(Outbox outbox, long floor, boolean exact) {
        Outbox.Batch all = outbox.drain(floor + 1, Integer.MAX_VALUE, List::of);
        List<Frame> frames;
        try {
            frames = CODEC.decodeBatch(all.text(), Direction.SERVER_TO_CLIENT, Integer.MAX_VALUE);
        } catch (ProtocolException e) {
            throw new AssertionError("the replay buffer does not decode: " + all.text(), e);
        }
        long lostThrough = floor;
        long chars = 0;
        long previous = -1;
        int numbered = 0;
        for (Frame frame : frames) {
            if (frame instanceof Frame.Reset reset) {
                lostThrough = Math.max(lostThrough, reset.to());
            } else if (frame instanceof Frame.Sequenced sequenced) {
                String text = CODEC.encode(frame);
                String seq = Long.toString(sequenced.seq());
                chars += text.length() - (text.indexOf("\"seq\":") + "\"seq\":".length() + seq.length());
                expect(previous < 0 || sequenced.seq() == previous + 1, "the replay buffer has a hole");
                previous = sequenced.seq();
                numbered++;
            }
        }
        expect(numbered == outbox.size(), "frames at or below the ack are still held (" + outbox.size() + " held, "
                + numbered + " after " + floor + ")");
        if (exact && isOpen()) {
            expect(outbox.size() == outbox.lastSeq() - lostThrough, "held " + outbox.size() + " frames, expected "
                    + (outbox.lastSeq() - lostThrough) + " (last " + outbox.lastSeq() + ", acked " + floor
                    + ", lost through " + lostThrough + ")");
        }
        return chars;
    }

    /**
     * The end of a run: the client catches up over a fresh long-poll, and then every seq the server sent is
     * either accepted once or announced lost; after the last ack and the end, every char is released.
     */
    void finish() {
        if (isOpen()) {
            attach(TransportKind.LONG_POLLING, received);
            for (int i = 0; i < 1_000 && canDeliver(); i++) {
                long before = received;
                deliver(100, false);
                if (received == before) {
                    break;
                }
            }
            checkReplayBuffer();
            long last = session.outbox().lastSeq();
            for (int seq = 1; seq <= last; seq++) {
                expect(accepted.get(seq) ^ lost.get(seq), "seq " + seq + " was neither delivered nor announced lost");
            }
            if (isOpen()) {
                ack(received);
                expect(session.outbox().size() == 0, "an ack of everything releases everything");
                session.finish(CloseReason.SHUTDOWN);
            }
        }
        bystanderAcksAll();
        expect(session.outbox().size() == 0, "an ended session holds nothing");
        expect(global.get() == 0, "the global counter is back to 0 after release: " + global.get());
    }

    private void expect(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message + "\n  after: " + String.join("; ", log));
        }
    }

    /** A transport that only remembers what the session did to it; the test moves its frames. */
    static final class FakeTransport implements Transport {
        private final TransportKind kind;
        long cursor;
        Integer closedWith;

        FakeTransport(TransportKind kind, long cursor) {
            this.kind = kind;
            this.cursor = cursor;
        }

        @Override
        public TransportKind kind() {
            return kind;
        }

        @Override
        public void wake() {
        }

        @Override
        public void close(int code, String reason) {
            if (closedWith != null) {
                throw new AssertionError("a transport was closed twice");
            }
            closedWith = code;
        }

        @Override
        public long sweep(long nowMillis) {
            return Long.MAX_VALUE;
        }
    }

    /** Hosts sessions without a hub: records what the session reports. */
    static final class CapturingHost implements SessionHost {
        final List<CloseReason> closed = new ArrayList<>();
        private final HubMetrics metrics = new HubMetrics("/world", () -> 0, census -> { });
        private final ManualScheduler clock;
        private final DuplexOptions options;
        private final TimerWheel timers = new TimerWheel(new ManualScheduler(), 1_000);

        CapturingHost(ManualScheduler clock) {
            this.clock = clock;
            this.options = DuplexOptions.builder().scheduler(() -> clock).resumeWindowMillis(WINDOW)
                    .heartbeatTimeoutMillis(HEARTBEAT_TIMEOUT).maxInboundPerSecond(1_000_000).build();
        }

        @Override
        public DuplexOptions options() {
            return options;
        }

        @Override
        public Scheduler scheduler() {
            return clock;
        }

        /**
         * A wheel on a clock of its own that never moves: the model sweeps by hand ({@link #advanceAndSweep}),
         * so the session's own timeout must not act behind its back.
         */
        @Override
        public TimerWheel timers() {
            return timers;
        }

        @Override
        public Executor flushExecutor() {
            return Runnable::run;
        }

        @Override
        public HubMetrics metrics() {
            return metrics;
        }

        @Override
        public Hub hub() {
            throw new UnsupportedOperationException("no hub");
        }

        @Override
        public void dispatch(Session session, Frame.Sequenced frame) {
            throw new AssertionError("the model sends no sequenced client frames");
        }

        @Override
        public void subscribe(Session session, String topic) {
        }

        @Override
        public void unsubscribe(Session session, String topic) {
        }

        @Override
        public void opened(Session session) {
        }

        @Override
        public void transportChanged(Session session, TransportKind from, TransportKind to, String reason) {
        }

        @Override
        public void closed(Session session, CloseReason reason) {
            closed.add(reason);
        }
    }
}
