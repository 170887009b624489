package dev.duplex.hostile.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.hostile.ProxiedServer;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.testing.Await;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.ResourceCheck;
import dev.duplex.server.testing.WireClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A server process restart (sessions live in memory, so they are gone) must be a clear signal, not a silent
 * hang: every WebSocket and every parked poll ends at the stop (Jetty stopped without a stop timeout closes the
 * connections under them: 1006, or the container's 1001), and after the restart every old session is refused with
 * 404 unknown_session (WebSocket: 4404), which tells a client to start a new session; a new one works at once.
 * The clients' reconnect spread (full jitter) lives in duplex.js; the server's part is that no client is left
 * waiting for a timeout.
 */
class ServerRestartTest {
    private static final int CLIENTS_PER_TRANSPORT = 5;

    @Test
    void aRestartEndsEveryTransportAtOnceAndRefusesOldSessions() throws Exception {
        ResourceCheck.Snapshot baseline = ResourceCheck.take();
        String numbers = run();
        ResourceCheck.Snapshot after = ResourceCheck.assertBackTo(baseline, ResourceCheck.DEFAULT);
        System.out.println("hostile | server restart | " + numbers + " | " + after.delta(baseline));
    }

    private static String run() throws Exception {
        RecordingHandler handler = new RecordingHandler();
        List<WireClient> webSockets = new ArrayList<>();
        List<WireClient> polls = new ArrayList<>();
        try (ProxiedServer net = new ProxiedServer(handler, DuplexOptions.defaults())) {
            for (int i = 0; i < CLIENTS_PER_TRANSPORT; i++) {
                webSockets.add(started(net, true));
                polls.add(started(net, false));
            }
            // A connection through the proxy is not yet a parked poll: the session opens for the application when
            // its first poll reaches the hub, and a session never opened is, rightly, never closed for it either.
            Await.until("every poll parked", () -> net.proxy().openConnections() == 2 * CLIENTS_PER_TRANSPORT
                    && handler.opened.size() == 2 * CLIENTS_PER_TRANSPORT);
            long stopping = System.nanoTime();
            net.restart();
            for (WireClient ws : webSockets) {
                int code = ws.webSocketClosesAwait();
                assertTrue(code == 1001 || code == 1006, "a WebSocket ends with the server: " + code);
                assertEquals(4404, ws.helloCloseCode(), "and its session is unknown to the new server");
            }
            // Parked for 25 s by default: each must end at the stop, not at its timeout. Jetty stopped without a
            // stop timeout fails it under the hub (the container's own 500 page, or a dropped connection), and
            // the loop's next poll meets the new server, which refuses the old session.
            List<Integer> pollEndings = new ArrayList<>();
            for (WireClient poll : polls) {
                Await.until("the parked poll ended", () -> !poll.pollerAlive());
                pollEndings.addAll(poll.httpErrors);
                HttpResponse<String> next = poll.request("/poll", "GET", null, Map.of("X-Duplex-Ack", "0"));
                assertEquals(404, next.statusCode(), "the old session is gone: start a new one");
                assertTrue(next.body().contains("\"unknown_session\""), next.body());
            }
            long signalledMillis = (System.nanoTime() - stopping) / 1_000_000;
            assertEquals(2 * CLIENTS_PER_TRANSPORT, handler.closed.size(), "every session closed at the stop");
            WireClient fresh = net.client();
            fresh.handshake();
            fresh.startWebSocket();
            fresh.send("\"after the restart\"");
            assertEquals("\"after the restart\"", ((dev.duplex.server.protocol.Frame.Msg) fresh.next(10)).d());
            fresh.close();
            return 2 * CLIENTS_PER_TRANSPORT + " sessions: " + CLIENTS_PER_TRANSPORT
                    + " WebSockets closed, hello 4404, "
                    + CLIENTS_PER_TRANSPORT + " polls ended (statuses " + pollEndings + "), then 404 unknown_session,"
                    + " all within " + signalledMillis + " ms of the stop (poll hold 25 s)";
        } finally {
            webSockets.forEach(WireClient::close);
            polls.forEach(WireClient::close);
        }
    }

    private static WireClient started(ProxiedServer net, boolean webSocket) throws Exception {
        WireClient client = net.client();
        client.handshake();
        net.switchTo(client, webSocket);
        return client;
    }
}
