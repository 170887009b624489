package dev.duplex.server.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Message;
import dev.duplex.server.api.TransportKind;
import dev.duplex.server.testing.Await;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A poll response carries one user's messages: no cache between the user and the server may keep it. Every way a
 * poll can end (data, hold expired, superseded by a poll, taken over by a WebSocket, refused) answers JSON with
 * {@code Cache-Control: no-store} and {@code nosniff}.
 */
class PollCachingTest {
    @Test
    void everyWayAPollEndsIsNoStoreJson() throws Exception {
        try (TestServer server = new TestServer(new RecordingHandler(), DuplexOptions.builder().pollTimeoutMillis(300)
                .sweepIntervalMillis(50).build());
                WireClient client = new WireClient(server.mountUri(), server.origin())) {
            client.handshake();
            List<HttpResponse<String>> endings = new ArrayList<>();
            server.hub().channel(client.sid()).orElseThrow().send(Message.text("data"));
            endings.add(poll(client, "0"));
            endings.add(poll(client, "1"));
            CompletableFuture<HttpResponse<String>> first = parked(server, client);
            endings.add(poll(client, "1"));
            endings.add(first.get(10, TimeUnit.SECONDS));
            CompletableFuture<HttpResponse<String>> takenOver = parked(server, client);
            client.startWebSocket();
            endings.add(takenOver.get(10, TimeUnit.SECONDS));
            endings.add(poll(client, "-1"));
            endings.add(new WireClient(server.mountUri(), null).adopt("gone", "gone", 0).request("/poll", "GET",
                    null, Map.of("X-Duplex-Ack", "0")));
            assertEquals(List.of(200, 200, 200, 200, 200, 400, 404), endings.stream().map(HttpResponse::statusCode)
                    .toList());
            for (HttpResponse<String> response : endings) {
                assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null), response.body());
                assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null));
                assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            }
        }
    }

    private static HttpResponse<String> poll(WireClient client, String ack) throws Exception {
        return client.request("/poll", "GET", null, Map.of("X-Duplex-Ack", ack));
    }

    private static CompletableFuture<HttpResponse<String>> parked(TestServer server, WireClient client)
            throws InterruptedException {
        CompletableFuture<HttpResponse<String>> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return poll(client, "1");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until("a parked poll", () -> server.hub().channel(client.sid()).orElseThrow().transport()
                == TransportKind.LONG_POLLING);
        return poll;
    }
}
