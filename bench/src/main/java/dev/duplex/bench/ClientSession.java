package dev.duplex.bench;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One simulated client, non-blocking: every step is a callback on the load's executor. Payloads are
 * {@code <sendMicros>:<index>:padding}; the session counts each index once, in order, and flags duplicates.
 */
abstract class ClientSession {
    final Load load;
    final int id;
    /** Completes when the session is subscribed (or connected, for the raw reference). */
    final CompletableFuture<Long> ready = new CompletableFuture<>();
    /** Completes with System.nanoTime() of the first greeting (index 0) received. */
    final CompletableFuture<Long> greeting = new CompletableFuture<>();
    volatile boolean closed;
    /** nanoTime of the last (re)attach; the reconnect scenario waits for it to pass the cut. */
    volatile long attachedAt;
    private long lastIndex;
    private long count;

    ClientSession(Load load, int id) {
        this.load = load;
        this.id = id;
    }

    abstract void start();

    /** Drops the transport abruptly (as a network failure would) and lets the session recover. */
    abstract void cut();

    /** Sends one application message (the echo scenario). */
    abstract void send(String payload);

    void flushAck() {
    }

    void close() {
        closed = true;
    }

    synchronized long lastIndex() {
        return lastIndex;
    }

    synchronized long count() {
        return count;
    }

    final void onPayload(String p) {
        int a = p.indexOf(':');
        int b = p.indexOf(':', a + 1);
        long sent = Long.parseLong(p, 0, a, 10);
        long index = Long.parseLong(p, a + 1, b, 10);
        load.histogram.record(BenchServer.nowMicros() - sent);
        load.delivered.increment();
        if (index == 0) {
            greeting.complete(System.nanoTime());
            return;
        }
        synchronized (this) {
            if (index <= lastIndex) {
                load.duplicates.increment();
            } else {
                lastIndex = index;
                count++;
            }
        }
    }

    void later(Runnable r, long millis) {
        if (!closed) {
            load.timer.schedule(() -> load.executor.execute(r), millis, TimeUnit.MILLISECONDS);
        }
    }

    static URI ws(URI http, String path) {
        return URI.create("ws" + http.toString().substring(4) + path);
    }
}
