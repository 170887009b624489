package dev.duplex.server.session;

import java.util.ArrayDeque;

/**
 * Runs one session's lifecycle callbacks (open, transport changes, close) one at a time, in the order they
 * were queued, on whichever thread queued them, and never under the session's lock. Callbacks are queued
 * while the lock is held, so their order is the order of the state changes; whoever drains first runs them
 * all, so a callback that causes another (a handler closing its channel in {@code onTransport}) does not
 * recurse. Each runs holding the session's handler lock, so it never overlaps an {@code onMessage}.
 */
final class CallbackQueue {
    private final ArrayDeque<Runnable> pending = new ArrayDeque<>(2);
    private final Object handlerLock;
    private boolean running;

    /** {@code handlerLock} is the monitor that serialises every handler call for the session. */
    CallbackQueue(Object handlerLock) {
        this.handlerLock = handlerLock;
    }

    synchronized void add(Runnable callback) {
        pending.add(callback);
    }

    /** Runs every queued callback, unless another thread is already doing so (it will run ours too). */
    void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                if (running || pending.isEmpty()) {
                    return;
                }
                next = pending.poll();
                running = true;
            }
            try {
                synchronized (handlerLock) {
                    next.run();
                }
            } finally {
                synchronized (this) {
                    running = false;
                }
            }
        }
    }
}
