package dev.duplex.server.session;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs one session's calls into the application (open, each client frame, transport changes, close) one at a
 * time, in the order they were queued, and never under a lock: a thread that finds another running them
 * leaves its own to that thread and returns at once. Lifecycle calls are queued while the session's lock is
 * held, so their order is the order of the state changes; a call that causes another (a handler closing its
 * channel in {@code onTransport}) is queued behind it rather than recursing.
 *
 * <p>A thread that delivers client frames runs until the queue is empty, as the inbox's deliverer always has.
 * Any other thread (a poll attaching, the sweeper, a socket closing) runs at most what was queued when it
 * started and hands the rest to the hub's pool, so another client's traffic never holds it.
 */
final class CallbackQueue {
    /** Null while empty, as it is on almost every idle session. */
    private ArrayDeque<Runnable> pending;
    private boolean running;

    synchronized void add(Runnable callback) {
        if (pending == null) {
            pending = new ArrayDeque<>(2);
        }
        pending.add(callback);
    }

    /** Runs queued calls until none is left, unless another thread is running them (it will run ours too). */
    void drain() {
        if (claim()) {
            runFrom(Integer.MAX_VALUE, null);
        }
    }

    /**
     * Runs at most the calls queued now, unless another thread is running them; calls queued meanwhile continue
     * on {@code elsewhere} (or here, if it refuses them).
     */
    void drainQueued(Executor elsewhere) {
        int queued;
        synchronized (this) {
            if (running || pending == null) {
                return;
            }
            running = true;
            queued = pending.size();
        }
        runFrom(queued, elsewhere);
    }

    /** Whether no call is queued or running. */
    synchronized boolean idle() {
        return !running && pending == null;
    }

    private synchronized boolean claim() {
        if (running || pending == null) {
            return false;
        }
        running = true;
        return true;
    }

    /** Runs up to {@code limit} calls as the owner; then releases ownership, or hands it to {@code elsewhere}. */
    private void runFrom(int limit, Executor elsewhere) {
        for (int ran = 0; ; ran++) {
            Runnable next;
            synchronized (this) {
                if (pending == null) {
                    running = false;
                    return;
                }
                if (ran >= limit) {
                    break;
                }
                next = pending.poll();
                if (pending.isEmpty()) {
                    pending = null;
                }
            }
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                synchronized (this) {
                    running = false;
                }
                throw e;
            }
        }
        try {
            elsewhere.execute(() -> runFrom(Integer.MAX_VALUE, null));
        } catch (RejectedExecutionException shutDown) {
            runFrom(Integer.MAX_VALUE, null);
        }
    }
}
