package dev.duplex.bayeux.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.bayeux.testing.BayeuxServer;
import dev.duplex.bayeux.testing.ChatHandler;
import dev.duplex.bayeux.testing.NodeClient;
import dev.duplex.testkit.FaultProxy;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scenario 5: {@code /meta/connect} responses swallowed after the server wrote them. Plain CometD loses the
 * messages such a response carried unless the ack extension is on; here both ways deliver every message once,
 * in order: with the extension through its batch acks, without it through the implicit ack (a connect without
 * {@code advice.timeout:0} proves the previous reply arrived).
 */
class DroppedConnectTest {
    private static final int COUNT = 40;
    private static final String ALL = IntStream.rangeClosed(1, COUNT).mapToObj(Integer::toString)
            .collect(Collectors.joining(","));

    private BayeuxServer server;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws Exception {
        server = new BayeuxServer(new ChatHandler());
        proxy = FaultProxy.start(server.port());
        proxy.dropResponses("/connect", 0.3, 7);
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        server.close();
    }

    @ParameterizedTest(name = "ack extension: {0}")
    @ValueSource(booleans = {false, true})
    void cometdJsLosesNothing(boolean ack) throws Exception {
        List<String> trace = NodeClient.run(proxy.origin() + "/cometd", "long-polling", "feed", ack);
        assertEquals(List.of("handshake true long-polling", "received " + ALL), trace);
        assertTrue(proxy.responsesDropped() >= 3, "the proxy dropped " + proxy.responsesDropped() + " responses");
    }
}
