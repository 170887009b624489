package dev.duplex.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.Message;
import dev.duplex.server.testing.Await;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Binary messages from and to the Java client, interleaved with JSON, before and after the upgrade. */
class ClientBinaryTest {
    private static final EchoHandler HANDLER = new EchoHandler();

    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass(HANDLER);

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void binaryAndJsonInterleaveBothWaysAcrossTheUpgrade(ClientTransport transport) throws Exception {
        DuplexClient client = DuplexClient.connect(SERVER.mountUri(), transport.options());
        Capture capture = Capture.of(client);
        List<String> expected = new ArrayList<>();
        sendMixed(client, 0, 10, expected);
        if (transport.upgrades()) {
            Await.until("the upgrade", () -> client.transport() == TransportKind.WEBSOCKET);
        }
        sendMixed(client, 10, 10, expected);
        Await.until("20 echoes", () -> capture.messages.size() >= 20);
        List<String> echoed = capture.messages.stream().map(m -> m.isBinary()
                ? "#" + Base64.getEncoder().encodeToString(m.bytes()) : m.data().toString()).toList();
        assertEquals(expected, echoed);
        assertEquals(expected, HANDLER.received(client.id()), "the server saw each once, in order, binary as binary");
        Await.until("open on the server", () -> HANDLER.channels.containsKey(client.id()));
        HANDLER.channels.get(client.id()).send(Message.binary(new byte[] {0, 1, 2, 3, 4, -1}));
        Await.until("the server's binary message", () -> capture.messages.size() == 21);
        DuplexMessage last = capture.messages.get(20);
        assertTrue(last.isBinary());
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, -1}, last.bytes());
        ClientContractTest.closeAndAwait(client, capture);
    }

    private static void sendMixed(DuplexClient client, int from, int count, List<String> expected) {
        for (int i = from; i < from + count; i++) {
            if (i % 2 == 0) {
                assertTrue(client.send(i));
                expected.add(Integer.toString(i));
            } else {
                byte[] bytes = {(byte) i, (byte) (255 - i), 0};
                assertTrue(client.send(bytes));
                expected.add("#" + Base64.getEncoder().encodeToString(bytes));
            }
        }
    }
}
