package dev.duplex.bayeux.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.bayeux.testing.BayeuxServer;
import dev.duplex.bayeux.testing.ChatHandler;
import dev.duplex.bayeux.testing.NodeClient;
import dev.duplex.faultkit.FaultProxy;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The npm {@code faye@1.4.3} client, unmodified, on long-polling. Faye puts {@code advice:{timeout:0}} on a
 * connect that shares its batch with other messages, and retries a failed connect with the same id; the
 * implicit ack must read both right, or faye sees duplicates (the lifecycle) or losses (dropped connects).
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
                    "subscribe private false subscription refused",
                    "unsubscribe true",
                    "disconnect true"), NodeClient.faye(server.bayeuxUrl(), "long-polling", "lifecycle"));
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
