package dev.duplex.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.testing.PacedSender;
import dev.duplex.server.testing.RawChannel;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Backpressure instead of disconnects (issue 13 item 8, PROTOCOL.md section 4.3): over the rate cap the server
 * advises the client to pause ({@code slow}) and withholds acks for what it did not take; a client that obeys
 * loses nothing, duplicates nothing and keeps its transport, while one that does not is cut.
 */
class BackpressureContractTest {
    private static final int CAP = 200;
    private static final int MAX_BATCH = 20;
    private final RecordingHandler handler = new RecordingHandler().silent();
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(handler, DuplexOptions.builder().maxInboundPerSecond(CAP).maxBatch(MAX_BATCH)
                .build());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aClientSendingAtTwiceTheCapThatObeysTheAdviceLosesNothingAndKeepsItsTransport(Transport transport)
            throws Exception {
        int count = 4 * CAP;
        try (RawChannel channel = transport.open(server)) {
            PacedSender sender = new PacedSender(channel, true, MAX_BATCH);
            sender.run(count, 2 * CAP);
            assertEquals(0, sender.unackedCount(), "everything acked in the end");
            assertTrue(sender.slows.get() > 0, "the cap was reached, so the client was advised to slow down");
            assertEquals(IntStream.range(0, count).mapToObj(Integer::toString).toList(), handler.messages,
                    "every message once, in order");
            assertTrue(!channel.webSocketClosed.isDone(), () -> "the WebSocket was cut: " + channel.webSocketClosed);
            assertEquals(List.of(), channel.posts.stream().filter(r -> r.statusCode() != 200)
                    .map(r -> r.statusCode() + " " + r.body()).toList(), "no send refused");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aClientThatIgnoresTheAdviceIsCutWithTheDocumentedCode(Transport transport) throws Exception {
        try (RawChannel channel = transport.open(server)) {
            PacedSender deaf = new PacedSender(channel, false, MAX_BATCH);
            deaf.run(20 * CAP, 20 * CAP);
            assertTrue(deaf.slows.get() > 0, "it was advised first");
            if (channel.isWebSocket()) {
                assertEquals(4429, channel.awaitCloseCode());
                assertTrue(channel.webSocketClosed.get().contains("slow down"), channel.webSocketClosed::join);
            } else {
                HttpResponse<String> cut = channel.posts.get(channel.posts.size() - 1);
                assertEquals(429, cut.statusCode(), cut.body());
                assertTrue(cut.body().startsWith("{\"error\":\"rate_limited\""), cut.body());
                assertEquals("1", cut.headers().firstValue("Retry-After").orElse(null));
            }
            int taken = handler.messages.size();
            assertTrue(taken > 0 && taken < 20 * CAP, "it was served up to the cap: " + taken);
        }
    }
}
