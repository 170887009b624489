package dev.duplex.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.testing.ManualScheduler;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 8b, PROTOCOL.md section 4.2: a send keeps a session alive like a poll does. A client that
 * only sends (its polls stopped, or were blocked) keeps its session as long as it sends. A silent session loses
 * its long-poll transport {@code hbTimeout} after its last poll or send and expires {@code window} after that;
 * a send to a session without transport restarts its window. Time is a manual clock: no test sleeps 140 s.
 */
class SendKeepAliveTest {
    private static final long HB_TIMEOUT = 20_000;
    private static final long WINDOW = 120_000;
    private final ManualScheduler clock = new ManualScheduler();
    private final RecordingHandler handler = new RecordingHandler();
    private TestServer server;
    private WireClient client;
    private long seq;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(handler, DuplexOptions.builder().scheduler(() -> clock)
                .heartbeatTimeoutMillis(HB_TIMEOUT).resumeWindowMillis(WINDOW).build());
        client = new WireClient(server.mountUri(), null);
        client.handshake();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    private int send() throws Exception {
        seq++;
        return client.request("/send", "POST", "[{\"t\":\"msg\",\"seq\":" + seq + ",\"d\":" + seq + "}]",
                Map.of("Content-Type", "text/plain")).statusCode();
    }

    private HttpResponse<String> poll() throws Exception {
        return client.request("/poll", "GET", null, Map.of("X-Duplex-Ack", "0"));
    }

    @Test
    void sendsAloneKeepASessionAliveLongAfterItsLastPoll() throws Exception {
        assertEquals(200, send());
        assertEquals(200, poll().statusCode(), "the session is on long-polling");
        // Five minutes of sends every 30 s, and not one poll: more than twice hbTimeout + window.
        for (int i = 0; i < 10; i++) {
            clock.advance(30_000);
            assertEquals(200, send(), "send " + seq);
        }
        HttpResponse<String> later = poll();
        assertEquals(200, later.statusCode(), "still alive after 300 s of sends alone: " + later.body());
        assertEquals(seq, handler.messages.size());
        assertTrue(handler.closed.isEmpty());
    }

    @Test
    void aSilentSessionExpiresHbTimeoutPlusWindowAfterItsLastSend() throws Exception {
        assertEquals(200, send());
        assertEquals(200, poll().statusCode());
        clock.advance(10_000);
        assertEquals(200, send(), "while the long-poll transport is still attached");
        clock.advance(HB_TIMEOUT + WINDOW - 2_000);
        assertTrue(handler.closed.isEmpty(), "not before hbTimeout + window after the send");
        clock.advance(4_000);
        assertEquals(1, handler.closed.size(), "expired hbTimeout + window after the last send");
        assertEquals(404, send());
    }

    @Test
    void aSendToASessionWithoutTransportRestartsItsWindow() throws Exception {
        assertEquals(200, send());
        assertEquals(200, poll().statusCode());
        clock.advance(HB_TIMEOUT + WINDOW - 10_000);
        assertEquals(200, send(), "within hbTimeout + window of the last poll");
        clock.advance(WINDOW - 2_000);
        assertTrue(handler.closed.isEmpty(), "the window restarted at the send");
        clock.advance(4_000);
        assertEquals(1, handler.closed.size());
    }
}
