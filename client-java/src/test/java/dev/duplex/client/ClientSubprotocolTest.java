package dev.duplex.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.Channel;
import dev.duplex.server.testing.Await;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Subprotocols from the Java client: the offer, the server's choice on either transport, and the refusal. */
class ClientSubprotocolTest {
    private static final Chatty HANDLER = new Chatty();

    /** Speaks chat only. */
    static final class Chatty extends EchoHandler {
        @Override
        public String selectProtocol(List<String> offered) {
            return offered.contains("chat") ? "chat" : null;
        }
    }

    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass(HANDLER);

    private static ClientOptions offering(ClientTransport transport, List<String> protocols) {
        ClientOptions base = transport.options();
        return ClientOptions.builder().webSocket(base.webSocket()).backoff(base.backoffMin(), base.backoffMax())
                .upgradeBackoff(base.upgradeBackoffMin(), base.upgradeBackoffMax()).probeTimeout(base.probeTimeout())
                .protocols(protocols).build();
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void theServersChoiceHoldsOnEitherTransport(ClientTransport transport) throws Exception {
        DuplexClient client = DuplexClient.connect(SERVER.mountUri(), offering(transport, List.of("mqtt", "chat")));
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
        IOException refused = assertThrows(IOException.class, () -> DuplexClient.connect(SERVER.mountUri(),
                offering(ClientTransport.LONG_POLLING_ONLY, List.of("mqtt"))));
        assertTrue(refused.getMessage().contains("unsupported_protocol"), refused.getMessage());
    }

    @Test
    void withoutAnOfferThereIsNone() throws Exception {
        DuplexClient client = DuplexClient.connect(SERVER.mountUri(), ClientTransport.LONG_POLLING_ONLY.options());
        Capture capture = Capture.of(client);
        assertEquals("", client.protocol());
        ClientContractTest.roundTrip(client, capture, "plain");
        assertEquals("", HANDLER.channels.values().stream().filter(c -> c.id().equals(client.id()))
                .map(Channel::protocol).findFirst().orElseThrow());
        ClientContractTest.closeAndAwait(client, capture);
    }
}
