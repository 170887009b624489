package dev.duplex.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Messages both ways, in order, exactly once, on each transport. */
class MessagingContractTest {
    private final RecordingHandler handler = new RecordingHandler();
    private TestServer server;
    private WireClient client;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(handler, DuplexOptions.defaults());
        client = new WireClient(server.mountUri(), server.origin());
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void messagesFlowBothWaysInOrder(Transport transport) throws Exception {
        client.handshake();
        transport.start(client);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String payload = "{\"n\":" + i + "}";
            sent.add(payload);
            client.send(payload);
        }
        List<String> echoed = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            echoed.add(((Frame.Msg) client.next(10)).d());
        }
        assertEquals(sent, echoed);
        assertEquals(sent, handler.messages);
        assertEquals(0, client.duplicates.get() + client.gaps.get());
    }
}
