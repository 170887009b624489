package dev.duplex.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.testing.OracleTraffic;
import dev.duplex.server.testing.ResourceCheck;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The core promise under abuse: 10,000 messages each way while the transport is killed at 100 random
 * points (alternating WebSocket aborts and long-poll cuts, each followed by the other transport).
 * Judged by the shared delivery oracle: 0 lost, 0 duplicated, order kept, no reset; resources back to baseline.
 */
class StressTest {
    private static final int MESSAGES = 10_000;
    private static final int CUTS = 100;

    @Test
    void tenThousandMessagesEachWayAcrossAHundredRandomCuts() throws Exception {
        long randomSeed = System.nanoTime();
        TreeSet<Integer> cutPoints = OracleTraffic.randomPoints(new Random(randomSeed), CUTS, MESSAGES);
        String seed = " (seed " + randomSeed + ")";
        // The sender here has no backpressure, so the replay buffer and the inbound rate limit are sized for
        // the whole run: this test is about cuts. Overflow and rate limiting have their own tests.
        DuplexOptions options = DuplexOptions.builder().replayMaxFrames(MESSAGES * 3).replayMaxChars(64L << 20)
                .maxInboundPerSecond(1_000_000).build();
        ResourceCheck.Snapshot baseline = ResourceCheck.take();
        run(options, cutPoints, seed);
        System.out.println("stress: resources " + ResourceCheck.assertBackTo(baseline, ResourceCheck.DEFAULT)
                .delta(baseline));
    }

    /** One run; every object it made is unreachable once it returns, so the resource check sees only leaks. */
    private static void run(DuplexOptions options, TreeSet<Integer> cutPoints, String seed) throws Exception {
        OracleTraffic traffic = new OracleTraffic();
        try (TestServer server = new TestServer(traffic.handler(), options);
                WireClient client = traffic.attach(new WireClient(server.mountUri(), server.origin()))) {
            client.handshake();
            Transport[] current = {Transport.WEBSOCKET};
            current[0].start(client);
            Channel channel = server.hub().channel(client.sid()).orElseThrow();
            traffic.flow(channel, MESSAGES, cutPoints, i -> {
                current[0].cut(client);
                current[0] = current[0] == Transport.WEBSOCKET ? Transport.LONG_POLLING : Transport.WEBSOCKET;
                current[0].start(client);
            });
            traffic.awaitCleanDelivery("stress" + seed);
            assertEquals(0, client.gaps.get(), "gaps" + seed);
            assertTrue(client.resets.isEmpty(), "resets" + seed);
            assertEquals(1, traffic.handler().opened.size());
            assertTrue(traffic.handler().closed.isEmpty());
            System.out.printf("stress: %d messages each way, %d cuts, %d duplicate deliveries dropped by seq%n",
                    MESSAGES, CUTS, client.duplicates.get());
        }
    }
}
