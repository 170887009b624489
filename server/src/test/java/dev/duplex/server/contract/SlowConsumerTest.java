package dev.duplex.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Message;
import dev.duplex.server.api.TransportKind;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.FrameCodec;
import dev.duplex.server.session.Session;
import dev.duplex.server.testing.Await;
import dev.duplex.server.testing.ManualScheduler;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import java.net.http.WebSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading must not grow the server's memory or delay anyone else. Its outbox stays
 * under the high-water mark (1 MiB here), a stalled WebSocket is cut after {@code slowConsumerMillis},
 * and what it was too slow to take is announced by a reset when it resumes.
 */
class SlowConsumerTest {
    private static final long HIGH_WATER = 1 << 20;
    private static final String BIG = "\"" + "x".repeat(60_000) + "\"";
    private final ManualScheduler clock = new ManualScheduler();
    private final RecordingHandler handler = new RecordingHandler();
    private TestServer server;
    private WireClient slow;
    private WireClient control;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(handler, DuplexOptions.builder().scheduler(() -> clock).replayMaxChars(HIGH_WATER)
                .build());
        slow = new WireClient(server.mountUri(), server.origin());
        slow.handshake();
        control = new WireClient(server.mountUri(), server.origin());
        control.handshake();
        control.startWebSocket();
    }

    @AfterEach
    void stop() throws Exception {
        slow.close();
        control.close();
        server.close();
    }

    private Session slowSession() {
        return (Session) server.hub().channel(slow.sid()).orElseThrow();
    }

    /** Floods the slow client with 12 MB, checking the control client still gets answers meanwhile. */
    private void floodAndCheckControl() throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            slowSession().send(Message.json(BIG));
            if (i % 50 == 0) {
                control.send("\"ping " + i + "\"");
                assertEquals("\"ping " + i + "\"", ((Frame.Msg) control.next(5)).d(),
                        "the control client keeps its round trips while another client stalls");
            }
        }
        assertTrue(slowSession().outbox().size() * (long) BIG.length() <= HIGH_WATER + BIG.length(),
                "outbox bounded by the high-water mark: " + slowSession().outbox().size() + " frames");
    }

    @Test
    void aWebSocketThatNeverReadsIsCutAndItsMemoryStaysBounded() throws Exception {
        WebSocket ws = slow.openWebSocket(new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket socket) {
                // No request(n): this client never reads, so TCP backpressure reaches the server.
            }
        });
        ws.sendText(new FrameCodec().encode(new Frame.Hello(slow.sid(), slow.token(), 0)), true)
                .get(5, TimeUnit.SECONDS);
        Await.until("the WebSocket attached", () -> slowSession().transport() == TransportKind.WEBSOCKET);
        floodAndCheckControl();
        clock.advance(11_000);
        Await.until("the stalled WebSocket was cut", () -> slowSession().transport() == TransportKind.NONE);
        assertTrue(slowSession().isOpen(), "the session survives its transport");
        ws.abort();
    }

    @Test
    void aLongPollClientThatStopsPollingGetsAResetNotAnUnboundedQueue() throws Exception {
        slow.startLongPolling();
        slow.send("\"hello\"");
        assertEquals("\"hello\"", ((Frame.Msg) slow.next(5)).d());
        slow.stopLongPolling();
        floodAndCheckControl();
        slow.startLongPolling();
        java.util.List<Long> seqs = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((slow.resets.isEmpty() || !slow.inbox.isEmpty()) && System.nanoTime() < deadline) {
            Frame.Sequenced frame = slow.inbox.poll(100, TimeUnit.MILLISECONDS);
            if (frame != null) {
                seqs.add(frame.seq());
            }
        }
        assertEquals(1, slow.resets.size(), "the skipped frames were announced, once");
        Frame.Reset reset = slow.resets.get(0);
        long expected = 2; // seq 1, the echo of "hello", was taken above
        for (long seq : seqs) {
            assertTrue(seq < reset.from() || seq > reset.to(), "nothing inside the announced gap");
            if (seq > reset.to() && expected <= reset.to()) {
                assertEquals(reset.from(), expected, "the gap starts right after the last frame delivered");
                expected = reset.to() + 1;
            }
            assertEquals(expected++, seq, "contiguous on both sides of the gap");
        }
        assertTrue(expected > reset.to() + 1, "delivery went on after the gap");
    }
}
