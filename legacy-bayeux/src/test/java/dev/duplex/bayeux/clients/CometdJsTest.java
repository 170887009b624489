package dev.duplex.bayeux.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.bayeux.testing.BayeuxServer;
import dev.duplex.bayeux.testing.ChatHandler;
import dev.duplex.bayeux.testing.NodeClient;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The npm {@code cometd@9.0.0} client, unmodified, in Node.js through {@code cometd-nodejs-client@2.0.0}. */
class CometdJsTest {
    private static final ChatHandler HANDLER = new ChatHandler();
    private static BayeuxServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new BayeuxServer(HANDLER);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"long-polling", "websocket"})
    void wholeLifecycle(String transport) throws Exception {
        assertEquals(List.of(
                "handshake true " + transport,
                "subscribe true",
                "publish true",
                "publish true",
                "publish true",
                "received 1,2,3",
                "subscribe private false 403::subscription refused",
                "unsubscribe true",
                "disconnect true"), NodeClient.run(server.bayeuxUrl(), transport, "lifecycle", false));
    }

    /** Scenario 7: wildcards, refused unless the handler's pattern authorizer allows, matched per the spec. */
    @ParameterizedTest
    @ValueSource(strings = {"long-polling", "websocket"})
    void wildcardsDeniedByDefaultAllowedByTheAuthorizer(String transport) throws Exception {
        assertEquals(List.of(
                "handshake true " + transport,
                "subscribe /** false 403::subscription refused",
                "subscribe /chat/* true",
                "subscribe /chat/** true",
                "/chat/* got 1,4",
                "/chat/** got 1,2,4"), NodeClient.run(server.bayeuxUrl(), transport, "wildcards", false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"long-polling", "websocket"})
    void remoteCallAnsweredRefusedAndTimedOut(String transport) throws Exception {
        assertEquals(List.of(
                "handshake true " + transport,
                "echo true {\"n\":7}",
                "refuse false 403::not for you",
                "silent false 406::timeout"),
                NodeClient.run(server.bayeuxUrl(), transport, "remoteCall", false));
    }
}
