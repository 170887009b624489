package dev.duplex.bayeux.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.bayeux.testing.BayeuxServer;
import dev.duplex.bayeux.testing.ChatHandler;
import dev.duplex.bayeux.testing.NodeClient;
import dev.duplex.faultkit.FaultProxy;
import jakarta.websocket.ContainerProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.cometd.client.websocket.jakarta.WebSocketTransport;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scenario 3: transport negotiation through a proxy that refuses the upgrade (403), or answers 101 and then
 * forwards nothing. cometd.js (Node) and CometD's Java client, both offering websocket then long-polling, end on
 * long-polling and work. After a silent 101 cometd.js leaves the WebSocket only with {@code stickyReconnect:false}:
 * by default CometD clients keep retrying a WebSocket that once opened, whatever the server (the server never
 * hears from them; see the README's list of what the front door cannot change).
 */
class NegotiationTest {
    private static BayeuxServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        server = new BayeuxServer(new ChatHandler());
        http = new HttpClient();
        http.start();
    }

    @AfterAll
    static void stop() throws Exception {
        http.stop();
        server.close();
    }

    @ParameterizedTest
    @EnumSource(value = FaultProxy.Mode.class, names = {"REFUSE_UPGRADE", "FAKE_101"})
    void cometdJsFallsBackToLongPolling(FaultProxy.Mode mode) throws Exception {
        try (FaultProxy proxy = FaultProxy.start(server.port())) {
            proxy.mode(mode);
            List<String> trace = NodeClient.run(proxy.origin() + "/cometd", "websocket", "lifecycle", "nosticky");
            assertEquals("handshake true long-polling", trace.get(0), trace::toString);
            assertEquals("received 1,2,3", trace.get(5), trace::toString);
            assertEquals("disconnect true", trace.get(trace.size() - 1));
            assertTrue(proxy.upgradesPassed() == 0, "no upgrade got through");
        }
    }

    /**
     * Refused upgrades only: behind a silent 101, CometD 9's Java client kept retrying the WebSocket for the
     * 15 s measured here, even with {@code stickyReconnect:false}; it never reaches any server.
     */
    @ParameterizedTest
    @EnumSource(value = FaultProxy.Mode.class, names = {"REFUSE_UPGRADE"})
    void javaClientFallsBackToLongPolling(FaultProxy.Mode mode) throws Exception {
        try (FaultProxy proxy = FaultProxy.start(server.port())) {
            proxy.mode(mode);
            Map<String, Object> options = new HashMap<>(Map.of("maxNetworkDelay", 2000L, "connectTimeout", 2000L));
            WebSocketTransport webSocket = new WebSocketTransport(options, null,
                    ContainerProvider.getWebSocketContainer());
            BayeuxClient client = new BayeuxClient(proxy.origin() + "/cometd", webSocket,
                    new JettyHttpClientTransport(null, http));
            try {
                client.handshake();
                assertTrue(client.waitFor(15_000, BayeuxClient.State.CONNECTED), "connected");
                assertEquals("long-polling", client.getTransport().getName());
                BlockingQueue<Object> received = new LinkedBlockingQueue<>();
                BlockingQueue<Boolean> subscribed = new LinkedBlockingQueue<>();
                client.getChannel("/chat/lobby").subscribe((channel, message) -> received.add(message.getData()),
                        reply -> subscribed.add(reply.isSuccessful()));
                assertEquals(Boolean.TRUE, subscribed.poll(10, TimeUnit.SECONDS), "subscribed");
                client.getChannel("/chat/lobby").publish(Map.of("text", "after the fallback"));
                assertEquals(Map.of("text", "after the fallback"), received.poll(10, TimeUnit.SECONDS));
            } finally {
                client.disconnect(1000);
            }
        }
    }
}
