package dev.duplex.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.testing.Await;
import dev.duplex.server.testing.TestServer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Subprotocols from the Java client: the offer, the server's choice on either transport, and the refusal. */
class ClientSubprotocolTest {
    private static final Chatty HANDLER = new Chatty();
    private static TestServer server;

    /** Speaks chat only. */
    static final class Chatty extends EchoHandler {
        @Override
        public String selectProtocol(List<String> offered) {
            return offered.contains("chat") ? "chat" : null;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(HANDLER, DuplexOptions.builder().pollTimeoutMillis(1000).build());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static ClientOptions offering(ClientTransport transport, List<String> protocols) {
        ClientOptions base = transport.options();
        return ClientOptions.builder().webSocket(base.webSocket()).backoff(base.backoffMin(), base.backoffMax())
                .upgradeBackoff(base.upgradeBackoffMin(), base.upgradeBackoffMax()).probeTimeout(base.probeTimeout())
                .protocols(protocols).build();
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void theServersChoiceHoldsOnEitherTransport(ClientTransport transport) throws Exception {
        DuplexClient client = DuplexClient.connect(server.mountUri(), offering(transport, List.of("mqtt", "chat")));
        Capture capture = Capture.of(client);
        assertEquals("chat", client.protocol());
        if (transport.upgrades()) {
            // The upgrade asks for chat and the 101 names it: a socket of another subprotocol would be closed 4400.
            Await.until("the upgrade", () -> client.transport() == TransportKind.WEBSOCKET);
        }
        ClientContractTest.roundTrip(client, capture, "over " + client.transport());
        assertEquals("chat", HANDLER.channels.get(client.id()).protocol());
        assertTrue(capture.errors.isEmpty(), capture.errors.toString());
        ClientContractTest.closeAndAwait(client, capture);
    }

    @Test
    void noSubprotocolInCommonRefusesTheConnection() {
        IOException refused = assertThrows(IOException.class, () -> DuplexClient.connect(server.mountUri(),
                offering(ClientTransport.LONG_POLLING_ONLY, List.of("mqtt"))));
        assertTrue(refused.getMessage().contains("unsupported_protocol"), refused.getMessage());
    }

    @Test
    void withoutAnOfferThereIsNone() throws Exception {
        DuplexClient client = DuplexClient.connect(server.mountUri(), ClientTransport.LONG_POLLING_ONLY.options());
        Capture capture = Capture.of(client);
        assertEquals("", client.protocol());
        ClientContractTest.roundTrip(client, capture, "plain");
        assertEquals("", HANDLER.channels.values().stream().filter(c -> c.id().equals(client.id()))
                .map(Channel::protocol).findFirst().orElseThrow());
        ClientContractTest.closeAndAwait(client, capture);
    }
}
