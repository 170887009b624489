package dev.duplex.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.TransportKind;
import dev.duplex.server.protocol.CloseCodes;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.testing.Await;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Upgrade, downgrade, re-upgrade and resume inside one session: the handler sees no close and no reopen,
 * and every message arrives exactly once, in order, both ways.
 */
class SwitchingContractTest {
    private final RecordingHandler handler = new RecordingHandler();
    private final List<String> sent = new ArrayList<>();
    private TestServer server;
    private WireClient client;

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

    private void sendBurst(int count) {
        for (int i = 0; i < count; i++) {
            String payload = "\"m" + sent.size() + "\"";
            sent.add(payload);
            client.send(payload);
        }
    }

    private void assertEverythingEchoedOnceInOrder() throws InterruptedException {
        List<String> echoed = new ArrayList<>();
        while (echoed.size() < sent.size()) {
            echoed.add(((Frame.Msg) client.next(15)).d());
        }
        assertEquals(sent, echoed, "client received each echo once, in order");
        assertEquals(sent, handler.messages, "handler received each message once, in order");
        assertEquals(0, client.gaps.get());
        assertTrue(client.resets.isEmpty());
        assertEquals(1, handler.opened.size(), "one open");
        assertTrue(handler.closed.isEmpty(), "no close");
    }

    private TransportKind serverSideTransport() {
        return server.hub().channel(client.sid()).map(Channel::transport).orElseThrow();
    }

    @Test
    void upgradeFromLongPollingToWebSocketLosesNothing() throws Exception {
        client.startLongPolling();
        sendBurst(100);
        client.startWebSocket();
        sendBurst(100);
        assertEverythingEchoedOnceInOrder();
        assertEquals(TransportKind.WEBSOCKET, serverSideTransport());
    }

    @Test
    void downgradeWhenTheWebSocketIsKilledMidStream() throws Exception {
        client.startWebSocket();
        sendBurst(100);
        client.abortWebSocket();
        sendBurst(50);
        client.startLongPolling();
        sendBurst(50);
        assertEverythingEchoedOnceInOrder();
    }

    @Test
    void reUpgradeAfterADowngrade() throws Exception {
        client.startWebSocket();
        sendBurst(50);
        client.abortWebSocket();
        client.startLongPolling();
        sendBurst(50);
        client.startWebSocket();
        sendBurst(50);
        assertEverythingEchoedOnceInOrder();
        assertEquals(TransportKind.WEBSOCKET, serverSideTransport());
    }

    @Test
    void aPollSentDuringTheProbeKeepsTheWebSocketAndAnUnmarkedOneTakesOver() throws Exception {
        client.startWebSocket();
        // A probe-marked poll that arrives after the hello: 204, and the WebSocket stays the transport.
        HttpResponse<String> late = client.request("/poll?t=k3x9", "GET", null,
                Map.of("X-Duplex-Ack", "0", "X-Duplex-Probe", "1"));
        assertEquals(204, late.statusCode());
        assertEquals("", late.body());
        assertEquals("no-store", late.headers().firstValue("Cache-Control").orElse(""));
        assertEquals(TransportKind.WEBSOCKET, serverSideTransport());
        assertTrue(client.webSocketCloses.isEmpty(), "not superseded: " + client.webSocketCloses);
        sendBurst(20);
        // An unmarked poll is a downgrade: it takes the session over, whatever its query string.
        client.startLongPolling();
        Await.until("the WebSocket superseded", () -> client.webSocketCloses.contains(CloseCodes.SUPERSEDED));
        sendBurst(20);
        assertEverythingEchoedOnceInOrder();
        assertEquals(TransportKind.LONG_POLLING, serverSideTransport());
    }

    @Test
    void aProbeMarkedPollIsAnOrdinaryPollWhileNoWebSocketIsAttached() throws Exception {
        client.send("\"before the probe\"");
        HttpResponse<String> poll = client.request("/poll?t=1", "GET", null,
                Map.of("X-Duplex-Ack", "0", "X-Duplex-Probe", "1"));
        assertEquals(200, poll.statusCode());
        assertTrue(poll.body().contains("before the probe"), poll.body());
        assertEquals(TransportKind.LONG_POLLING, serverSideTransport());
    }

    @ParameterizedTest(name = "cut {0}, resume on {1}")
    @CsvSource({"LONG_POLLING,LONG_POLLING", "LONG_POLLING,WEBSOCKET", "WEBSOCKET,LONG_POLLING",
        "WEBSOCKET,WEBSOCKET"})
    void resumeAfterACutReplaysWhatTheServerSentMeanwhile(Transport first, Transport second) throws Exception {
        first.start(client);
        sendBurst(20);
        assertEquals(20, countNext(20));
        first.cut(client);
        Channel channel = server.hub().channel(client.sid()).orElseThrow();
        for (int i = 0; i < 30; i++) {
            channel.send("while away " + i);
        }
        second.start(client);
        for (int i = 0; i < 30; i++) {
            assertEquals("\"while away " + i + "\"", ((Frame.Msg) client.next(15)).d());
        }
        assertTrue(client.resets.isEmpty());
        assertEquals(0, client.gaps.get());
        assertEquals(1, handler.opened.size());
        assertTrue(handler.closed.isEmpty());
    }

    private int countNext(int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            client.next(15);
        }
        return count;
    }
}
