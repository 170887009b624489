package dev.duplex.server.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that sends a body over {@code maxPostBytes} must read the {@code 413}, not a connection reset. A
 * server that answers before reading the body and then closes leaves unread bytes in its socket, and the kernel
 * answers them with a reset that can destroy the response on its way: the client sees an I/O error instead of
 * the clear refusal. So a body up to twice the limit is read and discarded before the answer.
 */
class OversizedBodyAnswerTest {
    private static final int MAX_BYTES = 20_000;
    private static final int ROUNDS = 60;
    private final RecordingHandler handler = new RecordingHandler();
    private TestServer server;
    private WireClient client;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(handler, DuplexOptions.builder().maxPostBytes(MAX_BYTES).maxMessageChars(1_000)
                .build());
        client = new WireClient(server.mountUri(), server.origin());
        client.handshake();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void everyOversizedBodyWithALengthGetsThe413() throws Exception {
        assertEveryAnswerIs413("[" + " ".repeat(MAX_BYTES + 40_000) + "]");
    }

    @Test
    void anOversizedBodyJustOverTheLimitGetsThe413() throws Exception {
        assertEveryAnswerIs413("[" + " ".repeat(MAX_BYTES) + "]");
    }

    private void assertEveryAnswerIs413(String body) throws Exception {
        for (int i = 0; i < ROUNDS; i++) {
            HttpResponse<String> response = client.request("/send", "POST", body, Map.of("Content-Type", "text/plain"));
            assertEquals(413, response.statusCode(), response.body());
            assertTrue(response.body().startsWith("{\"error\":\"too_large\""), response.body());
        }
        assertTrue(handler.messages.isEmpty());
    }
}
