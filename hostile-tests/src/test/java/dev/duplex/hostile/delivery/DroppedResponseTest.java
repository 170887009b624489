package dev.duplex.hostile.delivery;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.hostile.ProxiedServer;
import dev.duplex.hostile.Scenario;
import dev.duplex.server.api.Channel;
import dev.duplex.server.testing.DeliveryOracle;
import dev.duplex.server.testing.OracleTraffic;
import dev.duplex.server.testing.WireClient;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Long-polling through a proxy that swallows 10% of poll responses and 10% of send responses after the server
 * wrote them: the server has handed out frames (or processed a batch) and the client never hears of it. Each
 * poll restarts from its ack and each send is retried and deduplicated, so nothing may be lost or doubled.
 */
class DroppedResponseTest {
    private static final double DROPPED = 0.10;

    @Test
    void tenPercentOfPollAndSendResponsesLostAfterTheServerWroteThem() throws Exception {
        long seed = System.nanoTime();
        Scenario.judge("drop " + DROPPED + " of /poll and /send responses (seed " + seed + ")", () -> run(seed));
    }

    private static Scenario.Outcome run(long seed) throws Exception {
        OracleTraffic traffic = new OracleTraffic();
        try (ProxiedServer net = new ProxiedServer(traffic.handler(), Scenario.deliveryOptions().build());
                WireClient client = traffic.attach(net.client())) {
            client.handshake();
            client.startLongPolling();
            net.proxy().dropResponses("/poll", DROPPED, seed);
            net.proxy().dropResponses("/send", DROPPED, seed + 1);
            Channel channel = net.hub().channel(client.sid()).orElseThrow();
            traffic.flow(channel, Scenario.MESSAGES, Set.of(), i -> { });
            DeliveryOracle.Verdict[] verdicts = traffic.awaitCleanDelivery("dropped responses (seed " + seed + ")");
            int dropped = net.proxy().responsesDropped();
            assertTrue(dropped >= 10, "the proxy dropped responses: " + dropped);
            return new Scenario.Outcome(verdicts, "responses dropped: " + dropped + ", duplicate frames discarded "
                    + "by the client: " + client.duplicates.get());
        }
    }
}
