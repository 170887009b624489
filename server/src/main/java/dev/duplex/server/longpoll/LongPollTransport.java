package dev.duplex.server.longpoll;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.TransportKind;
import dev.duplex.server.metrics.Utf8;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.FrameCodec;
import dev.duplex.server.protocol.FrameList;
import dev.duplex.server.session.Outbox;
import dev.duplex.server.session.Session;
import dev.duplex.server.session.Transport;
import dev.duplex.server.session.TransportHost;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Long-polling for one session. It lives across polls: a session stays on long-polling between a response
 * and the next poll, and is considered gone only when no poll comes within the heartbeat timeout.
 *
 * <p>Each poll restarts from the ack it carries, so a response lost on the way is simply sent again.
 * While a response is on its way, new frames wait in the outbox and the next poll takes them all: that is
 * the coalescing, and an idle session answers a parked poll at once.
 */
public final class LongPollTransport implements Transport {
    private static final FrameCodec CODEC = new FrameCodec();

    private final Session session;
    private final TransportHost host;
    private final DuplexOptions options;
    /** Set while a flush is queued on the write pool, so wakes in a burst queue one task, not one each. */
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private Poll parked;
    private long idleSince;
    private boolean closed;
    /** When the last batch was answered (0: none since the last poll), for the round trip to the next poll. */
    private long answeredAt;
    private volatile long rtt = -1;

    /**
     * Where a parked poll's answer goes: the servlet's asynchronous response on this node, or the node that
     * forwarded the poll (a cluster).
     */
    @FunctionalInterface
    interface Answer {
        /** Writes a batch of frames; called at most once. */
        void write(String json);

        /**
         * Whether the request ends some time after {@link #write} (an asynchronous response, which then
         * completes {@link Poll#over} itself); else it is over once written.
         */
        default boolean endsLater() {
            return false;
        }
    }

    /** One parked request, answered exactly once. */
    static final class Poll {
        private final Answer answer;
        private final long cursor;
        private final long since;
        private final AtomicBoolean done = new AtomicBoolean();
        /** Completes when the request is over, however it ends: what a stopping node waits for. */
        final CompletableFuture<Void> over = new CompletableFuture<>();

        Poll(Answer answer, long cursor, long since) {
            this.answer = answer;
            this.cursor = cursor;
            this.since = since;
        }

        void respond(String json) {
            if (claim()) {
                answer.write(json);
                if (!answer.endsLater()) {
                    over.complete(null);
                }
            }
        }

        /** Takes the right to answer: true once, for whoever answers first. */
        boolean claim() {
            return done.compareAndSet(false, true);
        }
    }

    LongPollTransport(Session session, TransportHost host) {
        this.session = session;
        this.host = host;
        this.options = host.options();
        this.idleSince = host.scheduler().nowMillis();
    }

    @Override
    public TransportKind kind() {
        return TransportKind.LONG_POLLING;
    }

    /** Whether this transport still serves its session (not superseded or closed). */
    synchronized boolean isUsable() {
        return !closed;
    }

    /**
     * Takes a poll: the client has every frame up to {@code ack}. Answers at once if anything is pending,
     * else parks the request. A poll already parked is ended with an empty batch.
     *
     * @return the poll, for its request to unpark it when it ends
     */
    Poll poll(Answer answer, long ack) {
        session.acknowledged(ack);
        long now = host.scheduler().nowMillis();
        Poll poll = new Poll(answer, ack + 1, now);
        synchronized (this) {
            // A client polls again as soon as it has a batch: the gap is one round trip (plus its own work).
            if (answeredAt > 0) {
                rtt = now - answeredAt;
                answeredAt = 0;
            }
        }
        Poll previous;
        boolean refused;
        synchronized (this) {
            refused = closed;
            previous = parked;
            parked = refused ? null : poll;
        }
        if (previous != null) {
            previous.respond("[]");
        }
        if (refused) {
            poll.respond("[]");
        } else {
            session.checkBy(now + holdFor());
            flush();
        }
        return poll;
    }

    @Override
    public void wake() {
        boolean waiting;
        synchronized (this) {
            waiting = parked != null;
        }
        if (waiting && flushQueued.compareAndSet(false, true)) {
            host.flushExecutor().execute(() -> {
                // Cleared before the drain: a frame that wakes us after this point is either drained now or
                // queues the next task.
                flushQueued.set(false);
                flush();
            });
        }
    }

    private void flush() {
        Poll poll;
        Outbox.Batch batch;
        synchronized (this) {
            poll = parked;
            if (poll == null) {
                return;
            }
            batch = session.outbox().drain(poll.cursor, options.maxBatch(), this::topics);
            if (batch.isEmpty()) {
                return;
            }
            parked = null;
            idleSince = host.scheduler().nowMillis();
            answeredAt = idleSince;
        }
        session.checkBy(answeredAt + options.heartbeatTimeoutMillis());
        host.metrics().sent(batch.frames(), Utf8.length(batch.text()));
        poll.respond(batch.text());
    }

    @Override
    public long rttMillis() {
        return rtt;
    }

    private List<String> topics() {
        return List.copyOf(session.topicSet());
    }

    /** A send came: the client lives, so the heartbeat timeout between polls starts again. */
    @Override
    public synchronized void keepAlive(long nowMillis) {
        idleSince = Math.max(idleSince, nowMillis);
    }

    /** The request of {@code poll} ended (timed out, failed, completed): it is parked no more. */
    boolean unpark(Poll poll) {
        long since;
        synchronized (this) {
            if (parked != poll) {
                return false;
            }
            parked = null;
            idleSince = host.scheduler().nowMillis();
            since = idleSince;
        }
        session.checkBy(since + options.heartbeatTimeoutMillis());
        return true;
    }

    @Override
    public long sweep(long now) {
        Poll expired = null;
        boolean dead = false;
        long due;
        synchronized (this) {
            // Answer a little early rather than late: no exchange may stay silent longer than the poll hold.
            if (parked != null && now - parked.since >= holdFor()) {
                expired = parked;
                parked = null;
                idleSince = now;
            } else if (parked == null && now - idleSince >= options.heartbeatTimeoutMillis()) {
                dead = true;
            }
            due = closed || dead ? Long.MAX_VALUE
                    : parked != null ? parked.since + holdFor() : idleSince + options.heartbeatTimeoutMillis();
        }
        if (expired != null) {
            expired.respond("[]");
        }
        if (dead) {
            session.detach(this, "no poll within the heartbeat timeout");
            close(0, "no poll");
        }
        return due;
    }

    /** How long a poll stays parked: a tick short of the hold, as the timer may fire up to a tick late. */
    private long holdFor() {
        return options.pollTimeoutMillis() - options.sweepIntervalMillis();
    }

    /**
     * Answers the parked poll, if any, with every frame it is owed and then {@code away}; later polls of this
     * transport get {@code []} (the mount refuses them with {@code 503 shutting_down} before they get here).
     */
    @Override
    public CompletableFuture<Void> away(long retryMillis) {
        Poll last;
        FrameList frames = new FrameList();
        synchronized (this) {
            closed = true;
            last = parked;
            parked = null;
            if (last != null) {
                session.outbox().drainTo(frames, last.cursor, options.maxBatch(), this::topics);
            }
        }
        if (last == null) {
            return CompletableFuture.completedFuture(null);
        }
        last.respond(frames.add(CODEC.encode(new Frame.Away(retryMillis))).array());
        return last.over;
    }

    @Override
    public void close(int code, String reason) {
        Poll last;
        synchronized (this) {
            closed = true;
            last = parked;
            parked = null;
        }
        if (last != null) {
            last.respond("[]");
        }
    }
}
