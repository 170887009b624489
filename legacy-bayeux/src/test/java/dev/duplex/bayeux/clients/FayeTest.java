package dev.duplex.bayeux.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.bayeux.BayeuxOptions;
import dev.duplex.bayeux.testing.BayeuxServer;
import dev.duplex.bayeux.testing.ChatHandler;
import dev.duplex.bayeux.testing.NodeClient;
import dev.duplex.faultkit.FaultProxy;
import dev.duplex.server.api.DuplexOptions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The npm {@code faye@1.4.3} client, unmodified, on long-polling, and switching transports. Faye puts
 * {@code advice:{timeout:0}} on a connect that shares its batch with other messages, and retries a failed connect
 * with the same id; the implicit ack must read both right, or faye sees duplicates (the lifecycle) or losses
 * (dropped connects).
 */
class FayeTest {

    @Test
    void wholeLifecycleOnLongPolling() throws Exception {
        try (BayeuxServer server = new BayeuxServer(new ChatHandler())) {
            assertEquals(List.of(
                    "subscribe true",
                    "publish true",
                    "publish true",
                    "publish true",
                    "received 1,2,3",
                    "subscribe private false subscribe_denied",
                    "unsubscribe true",
                    "disconnect true"), NodeClient.faye(server.bayeuxUrl(), "long-polling", "lifecycle"));
        }
    }

    /**
     * Scenario 6, as far as a real client goes: faye is the one Bayeux client here that changes transport within a
     * session (one client id). It handshakes on long-polling and moves to WebSocket (the handler hears an upgrade
     * of the same channel); mid-feed the proxy cuts its WebSocket, and faye reconnects. 300 messages, 0 lost,
     * 0 duplicated, in order, one channel throughout. (Faye never moves back to long-polling, nor upgrades after a
     * failure; cometd.js and BayeuxClient change transport only with a new handshake.)
     */
    @Test
    void switchesToWebSocketInSessionAndLosesNothingOverACut() throws Exception {
        ChatHandler handler = new ChatHandler();
        // Faye in Node sends no cookie on its WebSocket (see BayeuxOptions.browserBinding).
        try (BayeuxServer server = new BayeuxServer(handler, DuplexOptions.defaults(),
                BayeuxOptions.defaults().withBrowserBinding(false));
                FaultProxy proxy = FaultProxy.start(server.port())) {
            int count = 300;
            CompletableFuture<List<String>> feed = CompletableFuture.supplyAsync(() -> {
                try {
                    return NodeClient.faye(proxy.origin() + "/cometd", "websocket", "feed", Integer.toString(count));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitEvent(handler, "transport long-polling -> websocket", proxy);
            awaitEvent(handler, "call /service/feed", proxy);
            Thread.sleep(500);
            assertTrue(proxy.cutAll() > 0, "the WebSocket was cut mid-feed");
            String all = IntStream.rangeClosed(1, count).mapToObj(Integer::toString).collect(Collectors.joining(","));
            assertEquals(List.of("received " + all), feed.get(30, TimeUnit.SECONDS));
            assertEquals(1, handler.events.stream().filter(e -> e.startsWith("open")).count(),
                    handler.events::toString);
        }
    }

    /**
     * Waits for the handler to hear {@code fragment}, as long as {@link NodeClient} gives node to finish: under load
     * a 10 s bound here ran out before node had even handshaken (handler events and proxy events both empty).
     */
    private static void awaitEvent(ChatHandler handler, String fragment, FaultProxy proxy)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (handler.events.stream().noneMatch(e -> e.contains(fragment))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + fragment + "' in " + handler.events
                        + "\nproxy: " + proxy.events());
            }
            Thread.sleep(10);
        }
    }

    @Test
    void droppedConnectResponsesLoseNothing() throws Exception {
        try (BayeuxServer server = new BayeuxServer(new ChatHandler());
                FaultProxy proxy = FaultProxy.start(server.port())) {
            proxy.dropResponses("/cometd", 0.2, 11);
            String all = IntStream.rangeClosed(1, 40).mapToObj(Integer::toString).collect(Collectors.joining(","));
            assertEquals(List.of("received " + all),
                    NodeClient.faye(proxy.origin() + "/cometd", "long-polling", "feed"));
            assertTrue(proxy.responsesDropped() >= 3, "the proxy dropped " + proxy.responsesDropped());
        }
    }
}
