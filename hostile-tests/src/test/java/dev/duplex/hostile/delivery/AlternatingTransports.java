package dev.duplex.hostile.delivery;

import dev.duplex.hostile.ProxiedServer;
import dev.duplex.hostile.Scenario;
import dev.duplex.server.api.Channel;
import dev.duplex.server.testing.DeliveryOracle;
import dev.duplex.server.testing.OracleTraffic;
import dev.duplex.server.testing.WireClient;
import dev.duplex.faultkit.FaultProxy;
import java.util.Random;

/**
 * One session through the fault proxy under {@link Scenario#MESSAGES} messages each way, starting on a WebSocket
 * and moved to the other transport at {@code points} random moments, each time right after a {@link Fault}. The
 * kill and the switch scenarios differ only in the fault.
 */
final class AlternatingTransports {
    /** What happens to the transport just before the client moves to the other one. */
    @FunctionalInterface
    interface Fault {
        /** Breaks the current transport; returns how many proxied connections it hit. */
        int strike(FaultProxy proxy, WireClient client, boolean onWebSocket, int index);
    }

    /** The verdicts, and the proxy's and the client's numbers, read before everything was closed. */
    record Result(DeliveryOracle.Verdict[] verdicts, int connectionsHit, int upgrades, long superseded,
            int silentSockets, int sessionsOpened, int sessionsClosed) { }

    private AlternatingTransports() {
    }

    static Result run(long seed, int points, Fault fault) throws Exception {
        OracleTraffic traffic = new OracleTraffic();
        try (ProxiedServer net = new ProxiedServer(traffic.handler(), Scenario.deliveryOptions().build());
                WireClient client = traffic.attach(net.client())) {
            client.handshake();
            client.startWebSocket();
            boolean[] onWebSocket = {true};
            int[] hit = {0};
            Channel channel = net.hub().channel(client.sid()).orElseThrow();
            traffic.flow(channel, Scenario.MESSAGES, OracleTraffic.randomPoints(new Random(seed), points,
                    Scenario.MESSAGES), i -> {
                        hit[0] += fault.strike(net.proxy(), client, onWebSocket[0], i);
                        onWebSocket[0] = !onWebSocket[0];
                        net.switchTo(client, onWebSocket[0]);
                        net.proxy().releaseStalled();
                    });
            DeliveryOracle.Verdict[] verdicts = traffic.awaitCleanDelivery("seed " + seed);
            if (client.gaps.get() != 0 || !client.resets.isEmpty()) {
                throw new AssertionError("gaps or resets: " + client.describe());
            }
            return new Result(verdicts, hit[0], net.proxy().upgradesPassed(),
                    client.webSocketCloses.stream().filter(code -> code == 4409).count(), client.silentSockets.get(),
                    traffic.handler().opened.size(), traffic.handler().closed.size());
        }
    }
}
