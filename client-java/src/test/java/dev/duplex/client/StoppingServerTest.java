package dev.duplex.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.testing.Await;
import dev.duplex.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node that stops gracefully (PROTOCOL.md section 5.1), against a real server: the client takes the advice to
 * come back (an away frame, or 503 shutting_down) as no failure, tells the application nothing, and returns to
 * the same session no sooner than advised. Here the node restarts on its port, so the session is gone: the
 * resume gets unknown_session, the client's usual signal that continuity was lost.
 */
class StoppingServerTest {
    private static final long ADVICE = 1_500;

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void anAdvisedReturnIsNoFailureAndComesNoSoonerThanAdvised(ClientTransport transport) throws Exception {
        EchoHandler handler = new EchoHandler();
        DuplexOptions options = DuplexOptions.builder().stopRetryMinMillis(ADVICE).stopRetryMaxMillis(ADVICE).build();
        TestServer server = new TestServer(handler, options);
        DuplexClient client = DuplexClient.connect(server.mountUri(), transport.options());
        Capture capture = Capture.of(client);
        assertTrue(client.send("before"));
        Await.until("the echo", () -> capture.direct().size() == 1);
        if (transport.upgrades()) {
            Await.until("the upgrade", () -> client.transport() == TransportKind.WEBSOCKET);
        }

        int port = server.port();
        long stopped = System.nanoTime();
        server.stopDuplexFirst();
        assertFalse(Await.within(ADVICE - 300, () -> !capture.errors.isEmpty() || !capture.closes.isEmpty()),
                "nothing for the application while it waits as advised: " + capture.errors + capture.closes);
        TestServer restarted = new TestServer(handler, options, port);
        try {
            Await.until("the resume reaches the restarted node", () -> !capture.closes.isEmpty());
            long waited = (System.nanoTime() - stopped) / 1_000_000;
            assertTrue(waited >= ADVICE, "came back after " + waited + " ms, advised " + ADVICE);
            assertEquals(4404, capture.closes.get(0).code(), capture.closes.toString());
            assertEquals(List.of("unknown_session"), capture.errors.stream().map(DuplexError::code).toList());
        } finally {
            restarted.close();
        }
    }
}
