package dev.duplex.hostile.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.hostile.ProxiedServer;
import dev.duplex.hostile.Scenario;
import dev.duplex.server.api.Channel;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.testing.Await;
import dev.duplex.server.testing.DeliveryOracle;
import dev.duplex.server.testing.OracleTraffic;
import dev.duplex.server.testing.WireClient;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Proxies that cut connections idle for 30 s or 60 s, with no application traffic at all. With the default
 * heartbeat (25 s) and poll hold (25 s) no exchange is ever silent that long, so there must be zero cuts. Time is
 * scaled down 20 times (hb 1.25 s, cuts at 1.5 s and 3 s, sweep 50 ms), keeping every ratio, and the silence lasts
 * six heartbeats. The last case inverts the ratio (heartbeat longer than the cut) to prove the cutter does cut.
 */
class IdleCuttingProxyTest {
    private static final long SCALE = 20;
    private static final long HEARTBEAT = 25_000 / SCALE;
    private static final long HEARTBEAT_TIMEOUT = 20_000 / SCALE;
    private static final long POLL = 25_000 / SCALE;
    private static final long SWEEP = 1_000 / SCALE;

    @ParameterizedTest(name = "{0} behind a proxy cutting after {1} s idle, heartbeat {2} s")
    @CsvSource({"WebSocket, 30, 25", "long-polling, 30, 25", "WebSocket, 60, 25", "long-polling, 60, 25",
        "WebSocket, 30, 40"})
    void heartbeatsOutrunAnIdleCuttingProxy(String transport, long cutSeconds, long heartbeatSeconds)
            throws Exception {
        Scenario.judge(transport + " behind an idle cut at " + cutSeconds + " s, hb " + heartbeatSeconds + " s (/"
                + SCALE + ")", () -> run(transport.equals("WebSocket"), cutSeconds * 1000 / SCALE,
                        heartbeatSeconds * 1000 / SCALE));
    }

    private static Scenario.Outcome run(boolean webSocket, long cutMillis, long heartbeat) throws Exception {
        DuplexOptions options = DuplexOptions.builder().heartbeatMillis(heartbeat)
                .heartbeatTimeoutMillis(HEARTBEAT_TIMEOUT).pollTimeoutMillis(POLL).sweepIntervalMillis(SWEEP).build();
        boolean expectCuts = heartbeat > cutMillis;
        OracleTraffic traffic = new OracleTraffic();
        try (ProxiedServer net = new ProxiedServer(traffic.handler(), options);
                WireClient client = traffic.attach(net.client())) {
            client.handshake();
            net.switchTo(client, webSocket);
            net.proxy().cutWhenIdle(cutMillis);
            long silence = 6 * HEARTBEAT;
            boolean cut = Await.within(silence, () -> net.proxy().idleCuts() > 0);
            assertEquals(expectCuts, cut, "idle cuts in " + silence + " ms of silence: " + net.proxy().idleCuts()
                    + "; proxy:\n" + net.recentEvents(20));
            int cuts = net.proxy().idleCuts();
            if (!expectCuts) {
                assertEquals(List.of(), client.webSocketCloses, "no WebSocket closed");
                assertEquals(List.of(), client.httpErrors, "no poll failed");
            } else {
                net.proxy().cutWhenIdle(0);
                net.switchTo(client, webSocket);
            }
            Channel channel = net.hub().channel(client.sid()).orElseThrow();
            traffic.flow(channel, 10, Set.of(), i -> { });
            DeliveryOracle.Verdict[] verdicts = traffic.awaitCleanDelivery("after the silence");
            assertTrue(traffic.handler().closed.isEmpty());
            return new Scenario.Outcome(verdicts, "idle cuts: " + cuts);
        }
    }
}
