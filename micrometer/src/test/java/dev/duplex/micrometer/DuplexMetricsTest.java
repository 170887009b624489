package dev.duplex.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.testing.Await;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Micrometer binding against a live mount: the fixed figures exist from the start with the mount's tag, and
 * move with the session; a tagged figure counted for the first time after binding (a refusal's code, a fallback
 * reason) is registered then, with its tags.
 */
class DuplexMetricsTest {

    @Test
    void bindsEveryFigureAndFollowsNewOnes() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TestServer server = new TestServer(new RecordingHandler(), DuplexOptions.defaults());
                WireClient client = new WireClient(server.mountUri(), server.origin())) {
            new DuplexMetrics(server.hub()).bindTo(registry);
            FunctionCounter handshakes = registry.get("duplex.handshakes").tag("mount", "/echo").functionCounter();
            Gauge onLongPolling = registry.get("duplex.sessions").tag("transport", "long-polling").gauge();
            assertEquals(0, handshakes.count());

            client.handshake();
            client.startLongPolling();
            client.send("\"hello\"");
            client.next(15);
            assertEquals(1, handshakes.count());
            Await.until("one session on long-polling", () -> onLongPolling.value() == 1);
            assertTrue(registry.get("duplex.frames.in").functionCounter().count() >= 1);
            assertTrue(registry.get("duplex.bytes.out").functionCounter().count() > 0);

            assertEquals(200, client.request("/send", "POST", "[{\"t\":\"fallback\",\"reason\":\"error\"}]",
                    Map.of()).statusCode());
            FunctionCounter fallbacks = registry.find("duplex.fallbacks").tags("reason", "error", "browser", "other")
                    .functionCounter();
            assertNotNull(fallbacks, "registered when first counted");
            assertEquals(1, fallbacks.count());

            assertEquals(404, client.request("/nowhere", "GET", null, Map.of()).statusCode());
            Await.until("the refusal registered and counted", () -> {
                FunctionCounter refusals = registry.find("duplex.refusals").tag("code", "not_found").functionCounter();
                return refusals != null && refusals.count() == 1;
            });
        }
    }
}
