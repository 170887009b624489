package dev.duplex.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One load run's shared client machinery and counters: two non-blocking {@code java.net.http} clients
 * (so two selector threads), a two-thread executor for every callback, one timer. Thousands of sessions,
 * four threads.
 */
final class Load implements AutoCloseable {
    final URI base;
    final ExecutorService executor = Executors.newFixedThreadPool(2, daemon("gen"));
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("gen-timer"));
    final HttpClient[] http = new HttpClient[2];
    final List<ClientSession> sessions = new CopyOnWriteArrayList<>();

    volatile Histogram histogram = new Histogram();
    final LongAdder delivered = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder seqDuplicates = new LongAdder();
    final LongAdder resets = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder httpErrors = new LongAdder();
    final LongAdder reconnects = new LongAdder();

    Load(URI base) {
        this.base = base;
        for (int i = 0; i < http.length; i++) {
            http[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                    .connectTimeout(Duration.ofSeconds(20)).build();
        }
        timer.scheduleWithFixedDelay(this::flushAcks, 100, 100, TimeUnit.MILLISECONDS);
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    HttpClient http(int id) {
        return http[id % http.length];
    }

    private void flushAcks() {
        for (ClientSession s : sessions) {
            try {
                s.flushAck();
            } catch (RuntimeException e) {
                errors.increment();
            }
        }
    }

    /** Starts counting afresh: a new histogram, zeroed delivery counter. */
    void resetWindow() {
        histogram = new Histogram();
        delivered.reset();
    }

    @Override
    public void close() {
        for (ClientSession s : sessions) {
            s.close();
        }
        timer.shutdownNow();
        executor.shutdownNow();
    }
}
