package dev.duplex.server.session;

import java.util.ArrayDeque;

/**
 * Runs one session's calls into the application (open, each client frame, transport changes, close) one at a
 * time, in the order they were queued, on whichever thread queued them, and never under a lock: a thread that
 * finds another running them leaves its own to that thread and returns at once, so no transport waits behind
 * another's handler. Lifecycle calls are queued while the session's lock is held, so their order is the order
 * of the state changes; a call that causes another (a handler closing its channel in {@code onTransport}) is
 * queued behind it rather than recursing.
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

    /** Runs every queued call, unless another thread is already doing so (it will run ours too). */
    void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                if (running || pending == null) {
                    return;
                }
                next = pending.poll();
                if (pending.isEmpty()) {
                    pending = null;
                }
                running = true;
            }
            try {
                next.run();
            } finally {
                synchronized (this) {
                    running = false;
                }
            }
        }
    }
}
