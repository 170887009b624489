package dev.duplex.cluster;

import com.google.gson.JsonParser;
import dev.duplex.client.ClientOptions;
import dev.duplex.client.CloseNotice;
import dev.duplex.client.DuplexClient;
import dev.duplex.client.ResetNotice;
import dev.duplex.server.testing.DeliveryOracle;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Load on the demo's {@code /echo} through Java clients (client-java): each session sends {@code rate} numbered
 * messages a second, {@code {"p":session,"n":n}}, and the server echoes each back, so one {@link DeliveryOracle}
 * per session judges both directions at once: an echo proves the server took the message, in its order.
 * Resets and closes are kept: a scenario that must see none says so.
 *
 * <p>A session the server no longer knows ({@code 4404}, its node killed) is what an application would do with
 * it: the client's close is recorded with its time, and a new channel is connected at once in its place, with an
 * oracle of its own, whose messages must all arrive.
 */
final class EchoLoad implements AutoCloseable {
    private final IntFunction<URI> mount;
    private final List<Slot> slots = new ArrayList<>();
    final List<ResetNotice> resets = new CopyOnWriteArrayList<>();
    final List<CloseNotice> closes = new CopyOnWriteArrayList<>();
    /** Each close as a line: which session, on what transport, when (ms since the load began), for failures. */
    final List<String> closeLog = new CopyOnWriteArrayList<>();
    /** When the load began (ns): times in failure messages count from it. */
    final long began = System.nanoTime();
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "echo-load");
        thread.setDaemon(true);
        return thread;
    });
    /** New channels for lost sessions connect on threads of their own, so that none waits for another. */
    private final ExecutorService replacing = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "echo-load-reconnect");
        thread.setDaemon(true);
        return thread;
    });
    private volatile ScheduledFuture<?> pacing;
    private volatile long pacingSince;

    /** One session of the load: its client, its oracle and what it sent; replaced by a new one when lost. */
    private static final class Slot {
        final int index;
        volatile DuplexClient client;
        volatile DeliveryOracle oracle;
        volatile long sent;
        /** Echoes received by the current channel, duplicates included: progress, not a verdict. */
        final AtomicLong echoed = new AtomicLong();
        volatile int generation;
        /** When the server told it the session was gone (4404), and when its replacement was connected (ns). */
        volatile long toldAt;
        volatile long backAt;

        Slot(int index) {
            this.index = index;
        }
    }

    /**
     * Connects {@code sessions} clients, session {@code i} to {@code mount.apply(i)} (e.g. {@code http://…/echo}),
     * every other one with the WebSocket upgrade, the rest on long-polling only.
     */
    EchoLoad(int sessions, IntFunction<URI> mount) throws Exception {
        this.mount = mount;
        for (int i = 0; i < sessions; i++) {
            Slot slot = new Slot(i);
            connect(slot);
            slots.add(slot);
        }
    }

    private void connect(Slot slot) throws Exception {
        int generation = slot.generation;
        DeliveryOracle oracle = new DeliveryOracle("session " + slot.index + "." + generation + ", sent and echoed");
        ClientOptions options = ClientOptions.builder().webSocket(slot.index % 2 == 0)
                .backoff(Duration.ofMillis(50), Duration.ofSeconds(2)).build();
        DuplexClient client = DuplexClient.connect(mount.apply(slot.index), options);
        client.onMessage(message -> {
            oracle.received(message.data().toString());
            if (slot.generation == generation) {
                slot.echoed.incrementAndGet();
            }
        })
                .onReset(reset -> {
                    resets.add(reset);
                    oracle.reset(reset.from(), reset.to());
                })
                .onClose(notice -> {
                    closes.add(notice);
                    closeLog.add("session " + slot.index + "." + generation + " " + client.id() + " on "
                            + client.transport() + (slot.index % 2 == 0 ? " (upgrades)" : " (long-polling only)")
                            + ": " + notice + " at +" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began)
                            + " ms");
                    if (notice.code() == 4404 && slot.generation == generation) {
                        slot.toldAt = System.nanoTime();
                        replacing.execute(() -> replace(slot, generation));
                    }
                });
        synchronized (slot) {
            slot.oracle = oracle;
            slot.sent = 0;
            slot.echoed.set(0);
            slot.client = client;
        }
    }

    /**
     * The application starts a new channel at once, as duplex.js does after {@code unknown_session}; a handshake
     * refused (it landed on a node that is stopping) is tried again after a moment, up to 20 times.
     */
    private void replace(Slot slot, int generation) {
        if (slot.generation != generation) {
            return;
        }
        slot.generation = generation + 1;
        for (int attempt = 1; ; attempt++) {
            try {
                connect(slot);
                slot.backAt = System.nanoTime();
                return;
            } catch (Exception e) {
                if (attempt == 20) {
                    throw new IllegalStateException("session " + slot.index + " could not start over", e);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException stopped) {
                    return;
                }
            }
        }
    }

    /**
     * Sends {@code perSession} messages on every session, paced at {@code rate} a second each, and returns the
     * rate achieved (messages a second per session): on a busy machine the pace may fall behind, which delays
     * the messages but must lose none.
     */
    double run(int rate, int perSession) throws Exception {
        startPacing(rate, perSession);
        while (sent() < (long) perSession * slots.size()) {
            Thread.sleep(50);
        }
        return stopPacing();
    }

    /** Starts sending {@code rate} messages a second on every session, up to {@code perSession} each. */
    void startPacing(int rate, long perSession) {
        pacingSince = System.nanoTime();
        pacing = pacer.scheduleAtFixedRate(() -> {
            for (Slot slot : slots) {
                synchronized (slot) {
                    if (slot.sent < perSession) {
                        long n = slot.sent + 1;
                        slot.sent = n;
                        slot.client.send(JsonParser.parseString(slot.oracle.sent("s" + slot.index, n)));
                    }
                }
            }
        }, 0, TimeUnit.SECONDS.toNanos(1) / rate, TimeUnit.NANOSECONDS);
    }

    /** Stops sending; returns the rate achieved, messages a second per session. */
    double stopPacing() {
        pacing.cancel(false);
        double seconds = (System.nanoTime() - pacingSince) / 1e9;
        return sent() / (double) slots.size() / seconds;
    }

    /** Messages sent so far by the sessions now connected. */
    long sent() {
        return slots.stream().mapToLong(slot -> slot.sent).sum();
    }

    /** How many messages each session has sent so far, by index: marks for {@link #caughtUp}. */
    long[] marks() {
        return slots.stream().mapToLong(slot -> slot.sent).toArray();
    }

    /**
     * Whether every session has had as many echoes as it had sent at its mark (counted, not judged: the oracle
     * judges at the end): traffic flows on every session since the marks were taken. A session that started over
     * since counts once its new channel is connected.
     */
    boolean caughtUp(long[] marks) {
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            if (slot.toldAt == 0 && slot.echoed.get() < marks[i]) {
                return false;
            }
        }
        return lostOnesAreBack();
    }

    /** Whether every message sent has been echoed (or announced lost), on every session. */
    boolean complete() {
        return slots.stream().allMatch(slot -> slot.oracle.complete());
    }

    /** The sessions still waiting for messages: index, transport and verdict, for failure messages. */
    String incomplete() {
        StringBuilder out = new StringBuilder();
        for (Slot slot : slots) {
            if (!slot.oracle.complete()) {
                out.append("\n  session ").append(slot.index).append(' ').append(slot.client.id()).append(" on ")
                        .append(slot.client.transport()).append(": ").append(slot.oracle.verdict());
            }
        }
        return out.toString();
    }

    /** Each session's verdict (of its current channel, for a session that started over). */
    List<DeliveryOracle.Verdict> verdicts() {
        return slots.stream().map(slot -> slot.oracle.verdict()).toList();
    }

    /** The sessions the server told were gone (4404), by index. */
    List<Integer> lost() {
        return slots.stream().filter(slot -> slot.toldAt != 0).map(slot -> slot.index).toList();
    }

    /** Whether every lost session has a new channel connected. */
    boolean lostOnesAreBack() {
        return slots.stream().allMatch(slot -> slot.toldAt == 0 || slot.backAt != 0);
    }

    /** When each lost session was told (ns, {@link System#nanoTime}), in index order. */
    List<Long> toldTimes() {
        return slots.stream().filter(slot -> slot.toldAt != 0).map(slot -> slot.toldAt).toList();
    }

    /** When each lost session's new channel was connected (ns), in index order. */
    List<Long> backTimes() {
        return slots.stream().filter(slot -> slot.backAt != 0).map(slot -> slot.backAt).toList();
    }

    @Override
    public void close() {
        pacer.shutdownNow();
        replacing.shutdownNow();
        slots.forEach(slot -> slot.client.close());
    }
}
