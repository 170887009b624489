package dev.duplex.hostile.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.duplex.hostile.ProxiedServer;
import dev.duplex.hostile.Scenario;
import dev.duplex.server.api.Channel;
import dev.duplex.server.testing.OracleTraffic;
import dev.duplex.server.testing.WireClient;
import dev.duplex.faultkit.FaultProxy;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Proxies that degrade rather than break: one strips the {@code Upgrade} header (the server sees a plain GET of
 * its WebSocket path and refuses it with a status, and long-polling carries the session), one throttles every
 * connection to 32 KiB/s both ways (everything still arrives, once, in order).
 */
class DegradedProxyTest {
    private static final int MESSAGES = 1_000;

    @Test
    void anUpgradeStrippingProxyLeavesLongPollingWorking() throws Exception {
        Scenario.judge("proxy strips Upgrade", () -> {
            OracleTraffic traffic = new OracleTraffic();
            try (ProxiedServer net = new ProxiedServer(traffic.handler(), Scenario.deliveryOptions().build());
                    WireClient client = traffic.attach(net.client())) {
                client.handshake();
                net.proxy().mode(FaultProxy.Mode.STRIP_UPGRADE);
                ExecutionException refused = assertThrows(ExecutionException.class,
                        () -> client.openWebSocket(new WebSocket.Listener() { }));
                int status = ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode();
                assertEquals(400, status, "a plain GET of the WebSocket path is refused");
                client.startLongPolling();
                Channel channel = net.hub().channel(client.sid()).orElseThrow();
                traffic.flow(channel, MESSAGES, Set.of(), i -> { });
                return new Scenario.Outcome(traffic.awaitCleanDelivery("stripped upgrade"), "upgrade answered "
                        + status);
            }
        });
    }

    @Test
    void aThrottledProxyDeliversEverythingInOrder() throws Exception {
        Scenario.judge("proxy throttled to 32 KiB/s", () -> {
            OracleTraffic traffic = new OracleTraffic();
            try (ProxiedServer net = new ProxiedServer(traffic.handler(), Scenario.deliveryOptions().build());
                    WireClient client = traffic.attach(net.client())) {
                client.handshake();
                net.proxy().throttle(32 * 1024);
                client.startWebSocket();
                Channel channel = net.hub().channel(client.sid()).orElseThrow();
                traffic.flow(channel, MESSAGES / 2, Set.of(MESSAGES / 4), i -> client.startLongPolling());
                return new Scenario.Outcome(traffic.awaitCleanDelivery("throttled"), "");
            }
        });
    }
}
