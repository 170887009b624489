package dev.duplex.server.session;

import dev.duplex.server.api.Message;
import dev.duplex.server.api.RequestException;
import dev.duplex.server.api.Scheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The server's requests to one client that wait for an answer, by the {@code seq} of their {@code req} frame
 * (the answer's {@code ref}). Each completes once: with the answer, with its timeout, or when the session ends;
 * whatever comes after that (a late answer) finds nothing and is dropped. Futures complete outside the lock.
 */
final class PendingRequests {
    private record Pending(CompletableFuture<Message> answer, Scheduler.Cancellable timer) { }

    private final Scheduler scheduler;
    /** Null until the first request: most sessions never ask anything. */
    private Map<Long, Pending> pending;
    private boolean closed;

    PendingRequests(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Numbers a request with {@code enqueue} (which returns its seq) and waits up to {@code timeoutMillis} for
     * its answer. The request is registered before anyone can answer it: numbering happens under this lock.
     */
    CompletableFuture<Message> ask(LongSupplier enqueue, long timeoutMillis) {
        CompletableFuture<Message> answer = new CompletableFuture<>();
        long seq;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(closedError());
            }
            seq = enqueue.getAsLong();
            if (pending == null) {
                pending = new HashMap<>(4);
            }
            pending.put(seq, new Pending(answer, null));
        }
        Scheduler.Cancellable timer = scheduler.schedule(() -> fail(seq, new RequestException(
                RequestException.TIMEOUT, "no answer within " + timeoutMillis + " ms")), timeoutMillis);
        synchronized (this) {
            if (pending != null && pending.get(seq) != null) {
                pending.put(seq, new Pending(answer, timer));
                return answer;
            }
        }
        timer.cancel(); // answered (or closed) before the timer was armed
        return answer;
    }

    /** The client answered the request numbered {@code ref}; an unknown or late answer is dropped. */
    void answer(long ref, Message reply) {
        Pending done = take(ref);
        if (done != null) {
            done.answer().complete(reply);
        }
    }

    /** The request numbered {@code ref} failed; an unknown or late failure is dropped. */
    void fail(long ref, RequestException error) {
        Pending done = take(ref);
        if (done != null) {
            done.answer().completeExceptionally(error);
        }
    }

    /** The session ended: every request still waiting fails with {@code closed}, and later ones at once. */
    void close() {
        List<Pending> all;
        synchronized (this) {
            closed = true;
            all = pending == null ? List.of() : new ArrayList<>(pending.values());
            pending = null;
        }
        for (Pending p : all) {
            cancel(p);
            p.answer().completeExceptionally(closedError());
        }
    }

    private Pending take(long ref) {
        Pending done;
        synchronized (this) {
            done = pending == null ? null : pending.remove(ref);
        }
        if (done != null) {
            cancel(done);
        }
        return done;
    }

    private static void cancel(Pending p) {
        if (p.timer() != null) {
            p.timer().cancel();
        }
    }

    private static RequestException closedError() {
        return new RequestException(RequestException.CLOSED, "the channel closed before the answer came");
    }
}
