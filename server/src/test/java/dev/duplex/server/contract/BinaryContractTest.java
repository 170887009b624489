package dev.duplex.server.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Message;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.Payloads;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Binary payloads (PROTOCOL.md section 3.5) both ways on each transport: interleaved with JSON in one sequence,
 * through a transport switch, in requests and answers, and as the exact wire form a poll carries.
 */
class BinaryContractTest {
    private final Echo handler = new Echo();
    private TestServer server;
    private WireClient client;

    /** Echoes every message and records whether each was binary; answers a request with its bytes reversed. */
    static final class Echo extends RecordingHandler {
        final List<Message> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onMessage(Channel channel, Message message) {
            seen.add(message);
            channel.send(message);
        }

        @Override
        public CompletionStage<Message> onRequest(Channel channel, Message request) {
            byte[] bytes = request.bytes();
            byte[] reversed = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                reversed[i] = bytes[bytes.length - 1 - i];
            }
            return CompletableFuture.completedFuture(Message.binary(reversed));
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(handler, DuplexOptions.defaults());
        client = new WireClient(server.mountUri(), server.origin());
        client.handshake();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + n);
        }
        return b;
    }

    /** Sends {@code count} messages, every other one binary; returns their payloads in the server's form. */
    private List<String> sendMixed(int from, int count) {
        List<String> sent = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String payload = i % 2 == 0 ? "{\"n\":" + i + "}" : Payloads.binary(bytes(i));
            sent.add(payload);
            client.send(payload);
        }
        return sent;
    }

    private List<String> echoes(int count) throws InterruptedException {
        List<String> got = new ArrayList<>();
        while (got.size() < count) {
            got.add(assertInstanceOf(Frame.Msg.class, client.next(10), client.describe()).d());
        }
        return got;
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void binaryAndJsonInterleaveInOneSequenceBothWays(Transport transport) throws Exception {
        transport.start(client);
        List<String> sent = sendMixed(0, 40);
        assertEquals(sent, echoes(40));
        assertEquals(sent, handler.seen.stream().map(Message::wire).toList());
        Message first = handler.seen.get(1);
        assertTrue(first.isBinary());
        assertArrayEquals(bytes(1), first.bytes());
        assertEquals(0, client.gaps.get());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void binaryThroughATransportSwitch(Transport transport) throws Exception {
        Transport other = transport == Transport.WEBSOCKET ? Transport.LONG_POLLING : Transport.WEBSOCKET;
        transport.start(client);
        List<String> sent = new ArrayList<>(sendMixed(0, 30));
        other.start(client);
        sent.addAll(sendMixed(30, 30));
        transport.start(client);
        sent.addAll(sendMixed(60, 30));
        assertEquals(sent, echoes(90));
        assertEquals(sent, handler.seen.stream().map(Message::wire).toList(), "each once, in order");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aBinaryRequestGetsABinaryAnswer(Transport transport) throws Exception {
        transport.start(client);
        long seq = client.sendSequenced(s -> new Frame.Req(s, Payloads.binary(new byte[] {1, 2, 3})));
        Frame.Res res = assertInstanceOf(Frame.Res.class, client.next(10));
        assertEquals(seq, res.ref());
        assertArrayEquals(new byte[] {3, 2, 1}, Payloads.bytes(res.d()));
    }

    @Test
    void aPollCarriesBinaryAsBase64InMemberB() throws Exception {
        // Queued before the first poll (the session exists from its handshake), so the poll answers at once.
        server.hub().channel(client.sid()).orElseThrow().send(Message.binary(new byte[] {0, 1, 2, 3, 4, -1}));
        HttpResponse<String> poll = client.request("/poll", "GET", null, Map.of("X-Duplex-Ack", "0"));
        assertEquals("[{\"t\":\"msg\",\"seq\":1,\"b\":\"AAECAwT/\"}]", poll.body());
    }
}
