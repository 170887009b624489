package dev.duplex.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Message;
import dev.duplex.server.testing.Await;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The client against a real embedded Duplex server, once per {@link ClientTransport}. */
class ClientContractTest {
    private static final EchoHandler HANDLER = new EchoHandler();
    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass(HANDLER, DuplexOptions.builder().pollTimeoutMillis(1000)
            .maxMessageChars(1000).maxPostBytes(64 * 1024).build());

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void echoesInOrderBothWays(ClientTransport transport) throws Exception {
        DuplexClient client = DuplexClient.connect(SERVER.mountUri(), transport.options());
        Capture capture = Capture.of(client);
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            assertTrue(client.send(i));
            expected.add(Integer.toString(i));
        }
        if (transport.upgrades()) {
            Await.until("the upgrade", () -> client.transport() == TransportKind.WEBSOCKET);
        }
        for (int i = 31; i <= 60; i++) {
            assertTrue(client.send(i));
            expected.add(Integer.toString(i));
        }
        Await.until("60 echoes", () -> capture.direct().size() >= 60);
        assertEquals(expected, capture.direct());
        assertEquals(expected, HANDLER.received(client.id()));
        Await.until("every frame acked", () -> client.bufferedAmount() == 0);
        TransportKind used = transport.upgrades() ? TransportKind.WEBSOCKET : TransportKind.LONG_POLLING;
        assertEquals(used, client.transport());
        assertEquals(transport.upgrades() ? List.of(TransportKind.WEBSOCKET) : List.of(), capture.transports);
        closeAndAwait(client, capture);
        // The client acks the server's close frame, so the server ends the session now, well inside Await's
        // 10 s; without that ack it would wait out the 20 s heartbeat timeout.
        Await.until("the server saw the close", () -> HANDLER.closed.containsKey(client.id()));
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void topicsSubscribePublishUnsubscribe(ClientTransport transport) throws Exception {
        DuplexClient reader = DuplexClient.connect(SERVER.mountUri(), transport.options());
        DuplexClient writer = DuplexClient.connect(SERVER.mountUri(), transport.options());
        Capture read = Capture.of(reader);
        reader.subscribe("news");
        roundTrip(reader, read, "subscribed");

        writer.publish("news", "from a client");
        SERVER.server().hub().publish("news", Message.text("from the server"));
        Await.until("two topic deliveries", () -> read.onTopic("news").size() >= 2);
        assertTrue(read.onTopic("news").containsAll(List.of("\"from a client\"", "\"from the server\"")));

        reader.unsubscribe("news");
        roundTrip(reader, read, "unsubscribed");
        writer.publish("news", "too late");
        Await.until("the publish acked", () -> writer.bufferedAmount() == 0);
        roundTrip(reader, read, "after");
        assertEquals(2, read.onTopic("news").size(), "no delivery after unsubscribe");
        assertTrue(read.errors.isEmpty(), read.errors.toString());
        closeAndAwait(reader, read);
        writer.close();
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void aPayloadOverMaxMessageIsRefusedLocallyAndNothingElseIsHarmed(ClientTransport transport)
            throws Exception {
        DuplexClient client = DuplexClient.connect(SERVER.mountUri(), transport.options());
        Capture capture = Capture.of(client);
        String big = "x".repeat(1000);
        assertFalse(client.send(big), "over maxMessage (1000 characters with its quotes)");
        Await.until("a too_large error", () -> !capture.errors.isEmpty());
        assertEquals("too_large", capture.errors.get(0).code());
        assertEquals(0, client.bufferedAmount(), "nothing queued, no seq consumed");
        assertTrue(client.send("x".repeat(998)));
        Await.until("the largest payload echoed", () -> capture.direct().size() == 1);
        assertEquals(1, capture.errors.size(), "only the refused payload raised an error");
        closeAndAwait(client, capture);
    }

    /** Sends {@code marker} and waits for its echo: everything sent before it has been processed. */
    static void roundTrip(DuplexClient client, Capture capture, String marker) throws InterruptedException {
        assertTrue(client.send(marker));
        if (!Await.within(10_000, () -> capture.direct().contains("\"" + marker + "\""))) {
            // What the client saw, to tell a lost echo from a stuck transport when this fails in CI.
            throw new AssertionError("no echo of " + marker + " within 10 s: transport " + client.transport()
                    + ", open " + client.isOpen() + ", unacked " + client.bufferedAmount() + ", switches "
                    + capture.transports + ", resets " + capture.resets + ", errors " + capture.errors
                    + ", closes " + capture.closes + ", messages " + capture.direct());
        }
    }

    static void closeAndAwait(DuplexClient client, Capture capture) throws InterruptedException {
        client.close();
        Await.until("the close", () -> !capture.closes.isEmpty());
        CloseNotice close = capture.closes.get(0);
        assertEquals(1000, close.code(), close.toString());
        assertFalse(close.continuityLost());
        assertFalse(client.isOpen());
        assertFalse(client.send("after close"), "nothing is queued after close");
    }
}
