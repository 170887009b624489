package dev.duplex.server.testing;

import dev.duplex.server.api.CloseReason;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Handshake;
import dev.duplex.server.api.Hub;
import dev.duplex.server.api.Scheduler;
import dev.duplex.server.api.TransportKind;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.metrics.HubMetrics;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.ProtocolException;
import dev.duplex.server.session.Outbox;
import dev.duplex.server.session.Session;
import dev.duplex.server.session.SessionHost;
import dev.duplex.server.session.TransportHost;
import dev.duplex.server.timer.TimerWheel;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * A hub for one session, with no servlet container: the capture fake for unit tests of a session and its
 * transports. Tasks given to its write pool are captured, not run, until {@link #runTasks}; what the session
 * reports is recorded.
 */
public final class FakeHost implements SessionHost, TransportHost {
    public final ManualScheduler clock = new ManualScheduler();
    public final List<Runnable> tasks = new CopyOnWriteArrayList<>();
    public final List<CloseReason> closed = new CopyOnWriteArrayList<>();
    public final List<Frame.Sequenced> dispatched = new CopyOnWriteArrayList<>();
    private final DuplexOptions options;
    private final TimerWheel timers;
    private final Session session;
    /** What to do with a dispatched frame, besides recording it; by default nothing. */
    public volatile BiConsumer<Session, Frame.Sequenced> onDispatch = (s, f) -> { };
    /** What to do when the session closes, besides recording it; by default nothing. */
    public volatile BiConsumer<Session, CloseReason> onClosed = (s, r) -> { };

    public FakeHost(DuplexOptions.Builder options) {
        this.options = options.scheduler(() -> clock).build();
        this.timers = new TimerWheel(clock, this.options.sweepIntervalMillis());
        this.session = new Session("sid", "token", new Handshake(null, Map.of(), Map.of(), "127.0.0.1", null), this,
                new Outbox.Limits(this.options.replayMaxFrames(), this.options.replayMaxChars(), new AtomicLong(),
                        this.options.replayGlobalMaxChars()));
    }

    /** The figures this host's session and transports move. */
    public final HubMetrics metrics = new HubMetrics("/fake", () -> 0, census -> { });

    @Override
    public HubMetrics metrics() {
        return metrics;
    }

    /** The one session this host holds. */
    public Session session() {
        return session;
    }

    /** Runs the captured write tasks, and any they submit, until none is left; returns how many ran. */
    public int runTasks() {
        int ran = 0;
        while (!tasks.isEmpty()) {
            List<Runnable> batch = new ArrayList<>(tasks);
            tasks.removeAll(batch);
            batch.forEach(Runnable::run);
            ran += batch.size();
        }
        return ran;
    }

    @Override
    public DuplexOptions options() {
        return options;
    }

    @Override
    public Scheduler scheduler() {
        return clock;
    }

    @Override
    public TimerWheel timers() {
        return timers;
    }

    @Override
    public java.util.concurrent.Executor flushExecutor() {
        return tasks::add;
    }

    @Override
    public Session resolve(String sid, String token, Principal principal) throws ProtocolException {
        if (!session.id().equals(sid) || !session.tokenMatches(token)) {
            throw new ProtocolException(ErrorCode.UNKNOWN_SESSION, "no such session");
        }
        return session;
    }

    @Override
    public void authorize(Handshake handshake) {
    }

    @Override
    public Hub hub() {
        throw new UnsupportedOperationException("no hub");
    }

    @Override
    public void dispatch(Session from, Frame.Sequenced frame) {
        dispatched.add(frame);
        onDispatch.accept(from, frame);
    }

    @Override
    public void subscribe(Session from, String topic) {
    }

    @Override
    public void unsubscribe(Session from, String topic) {
    }

    @Override
    public void opened(Session session) {
    }

    @Override
    public void transportChanged(Session session, TransportKind from, TransportKind to, String reason) {
    }

    @Override
    public void closed(Session from, CloseReason reason) {
        closed.add(reason);
        onClosed.accept(from, reason);
    }
}
