package dev.duplex.bench;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Handshake;
import dev.duplex.server.api.Message;
import dev.duplex.server.hub.DefaultHub;
import dev.duplex.server.protocol.ProtocolException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * In-process figures for the two ways {@code Hub.publish} could fan out: on the caller's thread (what it does),
 * or handed to a single writer thread that keeps each topic's order. Subscribers have no transport, so this
 * measures the hub and the outboxes, not the network. Run:
 * <pre>
 *   mvn -B -q -o -Pbench -pl bench -am package -DskipTests
 *   java -cp "bench/target/classes:bench/target/lib/*" dev.duplex.bench.PublishFanout
 * </pre>
 */
public final class PublishFanout {
    private static final int DELIVERIES = 4_000_000;

    private PublishFanout() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf("%-12s %-10s %10s %16s %18s%n", "subscribers", "fan-out", "publishes",
                "caller µs/publish", "deliveries/s (M)");
        for (int subscribers : new int[] {10, 1_000, 10_000}) {
            for (int round = 0; round < 2; round++) {
                boolean print = round == 1;
                measure(subscribers, false, print);
                measure(subscribers, true, print);
            }
        }
    }

    private static void measure(int subscribers, boolean handOff, boolean print) throws Exception {
        DefaultHub hub = new DefaultHub("/bench", new ChannelHandler() {
            @Override
            public void onMessage(Channel channel, Message message) {
            }
        }, DuplexOptions.builder().maxSessions(subscribers).replayMaxFrames(64).build());
        try {
            for (int i = 0; i < subscribers; i++) {
                open(hub).subscribe("prices");
            }
            int publishes = Math.max(1_000, DELIVERIES / subscribers);
            Message message = Message.json("{\"pair\":\"EURUSD\",\"bid\":1.0812}");
            ExecutorService writer = Executors.newSingleThreadExecutor();
            long start = System.nanoTime();
            for (int i = 0; i < publishes; i++) {
                if (handOff) {
                    writer.execute(() -> hub.publish("prices", message));
                } else {
                    hub.publish("prices", message);
                }
            }
            long callerDone = System.nanoTime();
            writer.shutdown();
            writer.awaitTermination(10, TimeUnit.MINUTES);
            long allDone = System.nanoTime();
            if (print) {
                System.out.printf("%-12d %-10s %10d %16.2f %18.2f%n", subscribers, handOff ? "hand-off" : "caller",
                        publishes, (callerDone - start) / 1_000.0 / publishes,
                        (double) publishes * subscribers / ((allDone - start) / 1e9) / 1e6);
            }
        } finally {
            hub.shutdown();
        }
    }

    private static Channel open(DefaultHub hub) throws ProtocolException {
        return hub.open(new Handshake(null, Map.of(), Map.of(), "127.0.0.1", null)).session();
    }
}
