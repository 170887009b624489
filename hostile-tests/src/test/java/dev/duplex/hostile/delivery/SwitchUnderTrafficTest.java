package dev.duplex.hostile.delivery;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.hostile.ProxiedServer;
import dev.duplex.hostile.Scenario;
import dev.duplex.server.Channel;
import dev.duplex.server.testing.DeliveryOracle;
import dev.duplex.server.testing.OracleTraffic;
import dev.duplex.server.testing.WireClient;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * WebSocket to long-polling to WebSocket, 50 round trips, at random points while messages flow both ways: no
 * kill, just the protocol's own supersede (a poll closes the WebSocket with 4409, a hello ends the parked poll).
 */
class SwitchUnderTrafficTest {
    private static final int ROUND_TRIPS = 50;

    @Test
    void fiftyRoundTripsBetweenTransportsUnderTrafficBothWays() throws Exception {
        long seed = System.nanoTime();
        Scenario.judge("switch WS>LP>WS x" + ROUND_TRIPS + " (seed " + seed + ")", () -> run(seed));
    }

    private static Scenario.Outcome run(long seed) throws Exception {
        TreeSet<Integer> switchPoints = OracleTraffic.randomPoints(new Random(seed), 2 * ROUND_TRIPS,
                Scenario.MESSAGES);
        OracleTraffic traffic = new OracleTraffic();
        try (ProxiedServer net = new ProxiedServer(traffic.handler(), Scenario.deliveryOptions().build());
                WireClient client = traffic.attach(net.client())) {
            client.handshake();
            client.startWebSocket();
            boolean[] onWebSocket = {true};
            Channel channel = net.hub().channel(client.sid()).orElseThrow();
            traffic.flow(channel, Scenario.MESSAGES, switchPoints, i -> {
                onWebSocket[0] = !onWebSocket[0];
                net.switchTo(client, onWebSocket[0]);
            });
            DeliveryOracle.Verdict[] verdicts = traffic.awaitCleanDelivery("switches (seed " + seed + ")");
            // A probe that a late poll superseded is retried, so a round trip may take more than one upgrade.
            assertTrue(net.proxy().upgradesPassed() >= 1 + ROUND_TRIPS, "a WebSocket per round trip, and the first");
            return new Scenario.Outcome(verdicts, "WebSocket closes seen by the client: "
                    + client.webSocketCloses.stream().filter(code -> code == 4409).count() + " x 4409");
        }
    }
}
