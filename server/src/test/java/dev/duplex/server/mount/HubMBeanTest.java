package dev.duplex.server.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.TransportKind;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.FrameCodec;
import dev.duplex.server.testing.Await;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The mount's JMX MBean against a live mount: as one scripted session opens on long-polling, upgrades, is cut,
 * downgrades, re-upgrades, overflows its replay buffer, gets a reply twice, reports a fallback and is refused,
 * each figure moves by exactly what happened, read through the platform MBean server as a JMX client would.
 */
class HubMBeanTest {
    private static final FrameCodec CODEC = new FrameCodec();
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();
    private final RecordingHandler handler = new RecordingHandler();
    private TestServer server;
    private WireClient client;
    private ObjectName name;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(handler, DuplexOptions.builder().replayMaxFrames(5).build());
        client = new WireClient(server.mountUri(), server.origin());
        name = new ObjectName("dev.duplex:type=Hub,path=" + TestServer.CONTEXT + TestServer.MOUNT);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    private long read(String attribute) {
        try {
            return (Long) JMX.getAttribute(name, attribute);
        } catch (javax.management.AttributeNotFoundException e) {
            return 0; // a tagged figure appears when first counted
        } catch (JMException e) {
            throw new AssertionError(e);
        }
    }

    private void awaitFigure(String attribute, long expected) throws InterruptedException {
        Await.until(attribute + " = " + expected + " (is " + read(attribute) + ")", () -> read(attribute) == expected);
    }

    private long sumOf(String prefix) {
        try {
            return Arrays.stream(JMX.getMBeanInfo(name).getAttributes()).map(MBeanAttributeInfo::getName)
                    .filter(attribute -> attribute.startsWith(prefix)).mapToLong(this::read).sum();
        } catch (JMException e) {
            throw new AssertionError(e);
        }
    }

    private Channel channel() {
        return server.hub().channel(client.sid()).orElseThrow();
    }

    @Test
    void theFiguresFollowAScriptedSession() throws Exception {
        assertTrue(JMX.isRegistered(name), "registered at start");
        client.handshake();
        assertEquals(1, read("handshakes"));

        client.startLongPolling();
        client.send("\"on long-polling\"");
        client.next(15);
        awaitFigure("sessions.long-polling", 1);
        assertEquals(1, read("sessions.state.open"));

        client.startWebSocket();
        awaitFigure("upgrades.probe", 1);
        assertEquals(1, read("sessions.websocket"));
        assertEquals(0, read("sessions.long-polling"));

        client.abortWebSocket();
        Await.until("the WebSocket lost", () -> channel().transport() == TransportKind.NONE);
        client.startLongPolling();
        Await.until("a downgrade counted", () -> sumOf("downgrades.") == 1);
        assertEquals(1, sumOf("transport.losses.websocket."), "the loss of the WebSocket, with its reason");

        client.startWebSocket();
        awaitFigure("reupgrades.probe", 1);
        assertEquals(2, read("upgrades.probe"));

        // Overflow: the WebSocket goes, 10 messages wait where 5 fit, and the resume starts with a reset.
        client.abortWebSocket();
        Await.until("the WebSocket lost again", () -> channel().transport() == TransportKind.NONE);
        for (int i = 0; i < 10; i++) {
            channel().send("while away " + i);
        }
        client.startLongPolling();
        Await.until("the client reset", () -> !client.resets.isEmpty());
        awaitFigure("resets.overflow", 1);

        // A poll whose response was lost is asked again: everything numbered in the answer is a replay.
        client.abandonPolling();
        channel().send("twice");
        assertTrue(rawPoll().body().contains("twice"));
        long replayedBefore = read("frames.replayed");
        HttpResponse<String> again = rawPoll();
        assertTrue(again.body().contains("twice"), again.body());
        long numbered = CODEC.decodeBatch(again.body(), FrameCodec.Direction.SERVER_TO_CLIENT, 1_000).stream()
                .filter(Frame.Sequenced.class::isInstance).count();
        assertEquals(replayedBefore + numbered, read("frames.replayed"));

        HttpResponse<String> told = client.request("/send", "POST",
                "[{\"t\":\"fallback\",\"reason\":\"no_welcome\"},{\"t\":\"fallback\",\"reason\":\"made-up\"}]",
                Map.of());
        assertEquals(200, told.statusCode(), told.body());
        assertEquals(1, read("fallbacks.no_welcome.other"), "Java's HttpClient is no browser family");
        assertEquals(1, read("fallbacks.other.other"), "unknown reasons are bounded");

        try (WireClient foreign = new WireClient(server.mountUri(), "http://evil.example")) {
            assertEquals(403, foreign.adopt(client.sid(), client.token(), 0)
                    .request("/poll", "GET", null, Map.of("X-Duplex-Ack", "0")).statusCode());
        }
        awaitFigure("refusals.forbidden_origin", 1); // counted as the answer goes out
        assertEquals(404, client.request("/nowhere", "GET", null, Map.of()).statusCode());
        awaitFigure("refusals.not_found", 1);

        assertTrue(read("frames.in") >= 2 && read("bytes.in") > read("frames.in"), "traffic in is counted");
        assertTrue(read("frames.out") >= 13 && read("bytes.out") > read("frames.out"), "traffic out is counted");
        assertEquals(1, read("handshakes"));
    }

    private HttpResponse<String> rawPoll() throws Exception {
        HttpResponse<String> poll = client.request("/poll?t=" + System.nanoTime(), "GET", null,
                Map.of("X-Duplex-Ack", "0"));
        assertEquals(200, poll.statusCode(), poll.body());
        return poll;
    }

    @Test
    void theMBeanGoesWithTheMount() throws Exception {
        assertTrue(JMX.isRegistered(name));
        assertTrue(Arrays.stream(JMX.getMBeanInfo(name).getAttributes())
                .anyMatch(attribute -> attribute.getName().equals("handshakes")));
        server.close();
        assertFalse(JMX.isRegistered(name), "unregistered when the mount stops");
    }
}
