package dev.duplex.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * One load run's shared client machinery and counters: two non-blocking {@code java.net.http} clients
 * (so two selector threads), a two-thread executor for every callback, one timer. Thousands of sessions,
 * four threads.
 */
final class Load implements AutoCloseable {
    /** The first node's mount (the only one but in the cluster scenarios). */
    final URI base;
    final Nodes nodes;
    /** Open file descriptors of this JVM before the run. */
    private final long fdsAtStart = openFds();
    final ExecutorService executor = Executors.newFixedThreadPool(2, daemon("gen"));
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("gen-timer"));
    final HttpClient[] http = new HttpClient[2];
    final List<ClientSession> sessions = new CopyOnWriteArrayList<>();
    /** Client stacks that sessions share (a peer's HTTP client, say), closed after the sessions. */
    final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

    volatile Histogram histogram = new Histogram();
    final LongAdder delivered = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder seqDuplicates = new LongAdder();
    final LongAdder resets = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder httpErrors = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    /** Sessions started over after their node said it did not know them (a killed node's: close 4404). */
    final LongAdder restarts = new LongAdder();

    Load(ServerProcess server) {
        this(Nodes.of(server));
    }

    /** A load on these nodes; closing it closes them. */
    Load(Nodes nodes) {
        this.nodes = nodes;
        this.base = nodes.base(0);
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

    /** The mount of node {@code i mod n}: session {@code id} starts on node {@code id mod n}. */
    URI base(int i) {
        return nodes.base(i);
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

    /**
     * Ends the run, server included, and waits until its sockets are closed. JDK 17's HttpClient has no
     * close(): a parked poll's connection closes when the client's selector sees the server hang up and
     * handles it on {@link #executor}, the rest when the client is collected. With the executor shut down
     * first, a 10,000-session long-polling run left 10,000 sockets in CLOSE_WAIT, and the next run hit the
     * 20,000 file limit.
     */
    @Override
    public void close() throws InterruptedException {
        for (ClientSession s : sessions) {
            s.close();
        }
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                errors.increment();
            }
        }
        timer.shutdownNow();
        nodes.close();
        sessions.clear();
        Arrays.fill(http, null);
        awaitSocketsReleased();
        executor.shutdownNow();
    }

    private void awaitSocketsReleased() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (openFds() > fdsAtStart + 100 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(200);
        }
        if (openFds() > fdsAtStart + 100) {
            System.out.println("  warning: " + (openFds() - fdsAtStart) + " sockets of the run still open");
        }
    }

    /** This JVM's open file descriptors (Linux), or 0 where /proc is not available. */
    static long openFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            return 0;
        }
    }
}
