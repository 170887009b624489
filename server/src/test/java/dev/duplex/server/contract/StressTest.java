package dev.duplex.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.DuplexOptions;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The core promise under abuse: 10,000 messages each way while the transport is killed at 100 random
 * points (alternating WebSocket aborts and long-poll cuts, each followed by the other transport).
 * 0 lost, 0 duplicated, order kept, no reset.
 */
class StressTest {
    private static final int MESSAGES = 10_000;
    private static final int CUTS = 100;

    @Test
    void tenThousandMessagesEachWayAcrossAHundredRandomCuts() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        long randomSeed = System.nanoTime();
        Random random = new Random(randomSeed);
        TreeSet<Integer> cutPoints = new TreeSet<>();
        while (cutPoints.size() < CUTS) {
            cutPoints.add(1 + random.nextInt(MESSAGES - 1));
        }
        // The sender here has no backpressure, so the replay buffer and the inbound rate limit are sized for
        // the whole run: this test is about cuts. Overflow and rate limiting have their own tests.
        DuplexOptions options = DuplexOptions.builder().replayMaxFrames(MESSAGES * 2).replayMaxChars(64L << 20)
                .maxInboundPerSecond(1_000_000).build();
        try (TestServer server = new TestServer(handler, options);
                WireClient client = new WireClient(server.mountUri(), server.origin())) {
            client.handshake();
            Transport current = Transport.WEBSOCKET;
            current.start(client);
            List<String> sent = new ArrayList<>(MESSAGES);
            for (int i = 0; i < MESSAGES; i++) {
                String payload = Integer.toString(i);
                sent.add(payload);
                client.send(payload);
                if (cutPoints.contains(i)) {
                    current.cut(client);
                    current = current == Transport.WEBSOCKET ? Transport.LONG_POLLING : Transport.WEBSOCKET;
                    current.start(client);
                }
            }
            List<String> echoed = new ArrayList<>(MESSAGES);
            while (echoed.size() < MESSAGES) {
                Frame.Sequenced next = client.inbox.poll(30, java.util.concurrent.TimeUnit.SECONDS);
                if (next == null) {
                    throw new AssertionError("stalled after " + echoed.size() + " echoes; " + client.describe()
                            + "; server received " + handler.messages.size());
                }
                echoed.add(((Frame.Msg) next).d());
            }
            String seed = " (seed " + randomSeed + ")";
            assertEquals(sent, handler.messages, "server received each message once, in order" + seed);
            assertEquals(sent, echoed, "client received each echo once, in order" + seed);
            assertEquals(0, client.gaps.get(), "gaps" + seed);
            assertTrue(client.resets.isEmpty(), "resets" + seed);
            assertEquals(1, handler.opened.size());
            assertTrue(handler.closed.isEmpty());
            System.out.printf("stress: %d messages each way, %d cuts, %d duplicate deliveries dropped by seq%n",
                    MESSAGES, CUTS, client.duplicates.get());
        }
    }
}
