package dev.duplex.server.session;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.CloseReason;
import dev.duplex.server.api.Handshake;
import dev.duplex.server.api.TransportKind;
import dev.duplex.server.protocol.CloseCodes;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.timer.TimerWheel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One client's session, independent of transport: the {@link Channel} the application sees.
 *
 * <p>State and the attached transport are guarded by {@code this}; outbound frames by the {@link Outbox};
 * inbound order by the {@link Inbox}. No lock is held while calling the application or another session.
 */
public final class Session extends SessionCore {
    /** How often {@link #release} looks whether the calls under way have finished. */
    private static final long SETTLE_POLL_NANOS = 200_000;
    /**
     * The session's one deadline on the hub's wheel: the earliest of its resume window, its close grace and its
     * transport's heartbeat, poll hold and slow-consumer limit. Armed lazily: a deadline that moved later
     * (traffic) is found when the timeout fires, which re-checks everything and re-arms; one that moved earlier
     * is pulled in by {@link #checkBy}.
     */
    private final TimerWheel.Timeout check;

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
        super(id, token, handshake, protocol, host, limits);
        this.idleSince = since;
        this.check = host.timers().timeout(this::deadlineReached);
        check.schedule(idleSince + host.options().resumeWindowMillis());
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

    @Override
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
        // The new transport's deadlines may be earlier than the armed one: look on the next tick.
        checkBy(host.scheduler().nowMillis());
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
        checkBy(idleSince() + host.options().resumeWindowMillis());
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

    @Override
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

    @Override
    public void wake() {
        Transport current = currentTransport();
        if (current != null) {
            current.wake();
        }
    }

    /**
     * Liveness and expiry at {@code now}: ends the session past its resume window or close grace, else lets the
     * attached transport check its own deadlines. Called when the session's timeout fires.
     *
     * @return when the session next needs this check (hub clock, ms), or {@link TimerWheel#NEVER}
     */
    public long sweep(long now) {
        Transport current;
        CloseReason expired = null;
        long due;
        synchronized (this) {
            current = transport;
            if (state == SessionState.CLOSED || state == SessionState.MOVED && current == null) {
                return TimerWheel.NEVER;
            }
            long closingDue = state == SessionState.CLOSING
                    ? closing.since() + host.options().heartbeatTimeoutMillis() : TimerWheel.NEVER;
            long idleDue = current == null ? idleSince + host.options().resumeWindowMillis() : TimerWheel.NEVER;
            if (now >= closingDue) {
                // The client had its chance to take the close frame; it is gone.
                expired = closing.reason();
            } else if (now >= idleDue) {
                expired = CloseReason.EXPIRED;
            }
            due = Math.min(closingDue, idleDue);
        }
        if (expired != null) {
            finish(expired);
            return TimerWheel.NEVER;
        }
        return current == null ? due : Math.min(due, current.sweep(now));
    }

    /**
     * Something of this session or its transport falls due by {@code due} (hub clock, ms): its timeout fires by
     * then, or earlier if armed earlier. Costs a read when the timeout is armed earlier already, so transports
     * call it on every event that may bring a deadline forward.
     */
    public void checkBy(long due) {
        check.scheduleIfEarlier(due);
    }

    private void deadlineReached() {
        long next = sweep(host.scheduler().nowMillis());
        if (next != TimerWheel.NEVER) {
            // If to a later time: anything that came due meanwhile was pulled in by checkBy and stays.
            check.scheduleIfEarlier(next);
        }
    }

    private synchronized long idleSince() {
        return idleSince;
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
            check.cancel();
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

    // ---- Channel ----

    @Override
    public synchronized TransportKind transport() {
        return transport == null ? TransportKind.NONE : transport.kind();
    }

    @Override
    public synchronized boolean isOpen() {
        return state == SessionState.OPEN;
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
        checkBy(closingSince() + host.options().heartbeatTimeoutMillis());
        wake();
    }

    private synchronized CloseReason closingReason() {
        return closing.reason();
    }

    private synchronized long closingSince() {
        return closing.since();
    }

}
