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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Load on the demo's {@code /echo} through Java clients (client-java): each session sends {@code rate} numbered
 * messages a second, {@code {"p":session,"n":n}}, and the server echoes each back, so one {@link DeliveryOracle}
 * per session judges both directions at once: an echo proves the server took the message, in its order.
 * Resets and closes are kept: a scenario that must see none says so.
 */
final class EchoLoad implements AutoCloseable {
    private final List<DuplexClient> clients = new ArrayList<>();
    private final List<DeliveryOracle> oracles = new ArrayList<>();
    private final List<long[]> sent = new ArrayList<>();
    final List<ResetNotice> resets = new CopyOnWriteArrayList<>();
    final List<CloseNotice> closes = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "echo-load");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Connects {@code sessions} clients, session {@code i} to {@code mount.apply(i)} (e.g. {@code http://…/echo}),
     * every other one with the WebSocket upgrade, the rest on long-polling only.
     */
    EchoLoad(int sessions, IntFunction<URI> mount) throws Exception {
        for (int i = 0; i < sessions; i++) {
            DeliveryOracle oracle = new DeliveryOracle("session " + i + ", sent and echoed");
            ClientOptions options = ClientOptions.builder().webSocket(i % 2 == 0)
                    .backoff(Duration.ofMillis(50), Duration.ofSeconds(2)).build();
            DuplexClient client = DuplexClient.connect(mount.apply(i), options);
            client.onMessage(message -> oracle.received(message.data().toString()))
                    .onReset(reset -> {
                        resets.add(reset);
                        oracle.reset(reset.from(), reset.to());
                    })
                    .onClose(closes::add);
            clients.add(client);
            oracles.add(oracle);
            sent.add(new long[1]);
        }
    }

    /**
     * Sends {@code perSession} messages on every session, paced at {@code rate} a second each, and returns the
     * rate achieved (messages a second per session): on a busy machine the pace may fall behind, which delays
     * the messages but must lose none.
     */
    double run(int rate, int perSession) throws Exception {
        long started = System.nanoTime();
        var task = pacer.scheduleAtFixedRate(() -> {
            for (int i = 0; i < clients.size(); i++) {
                if (sent.get(i)[0] < perSession) {
                    long n = ++sent.get(i)[0];
                    clients.get(i).send(JsonParser.parseString(oracles.get(i).sent("s" + i, n)));
                }
            }
        }, 0, TimeUnit.SECONDS.toNanos(1) / rate, TimeUnit.NANOSECONDS);
        while (sent() < (long) perSession * clients.size()) {
            Thread.sleep(50);
        }
        task.cancel(false);
        return perSession / ((System.nanoTime() - started) / 1e9);
    }

    /** Messages sent so far, over every session. */
    long sent() {
        return sent.stream().mapToLong(n -> n[0]).sum();
    }

    /** Whether every message sent has been echoed (or announced lost), on every session. */
    boolean complete() {
        return oracles.stream().allMatch(DeliveryOracle::complete);
    }

    /** Each session's verdict. */
    List<DeliveryOracle.Verdict> verdicts() {
        return oracles.stream().map(DeliveryOracle::verdict).toList();
    }

    @Override
    public void close() {
        pacer.shutdownNow();
        clients.forEach(DuplexClient::close);
    }
}
