package dev.duplex.server.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.testing.RawHttp;
import dev.duplex.server.testing.ControlSession;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Heads no browser sends: huge or countless headers, the session headers twice with different values, bytes
 * outside ASCII. Each is refused with a status (never a 500, never a session mix-up), and a control session on
 * its own connection keeps working after each.
 */
class HeaderAbuseTest {
    private final RecordingHandler handler = new RecordingHandler();
    private TestServer server;
    private WireClient victim;
    private ControlSession control;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(handler, DuplexOptions.builder().pollTimeoutMillis(300).sweepIntervalMillis(50)
                .build());
        victim = new WireClient(server.mountUri(), null);
        victim.handshake();
        control = ControlSession.onWebSocket(server);
    }

    @AfterEach
    void stop() throws Exception {
        control.assertStillServed();
        control.close();
        victim.close();
        server.close();
    }

    private String head(String method, String path, String... headers) {
        return method + " " + server.mountUri().getPath() + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                + "\r\nConnection: close" + (headers.length == 0 ? "" : "\r\n" + String.join("\r\n", headers));
    }

    private RawHttp.Response send(String head, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return RawHttp.exchange(server.port(), head + "\r\nContent-Length: " + bytes.length, bytes);
    }

    @Test
    void hugeAndCountlessHeadersAreRefusedByStatus() throws Exception {
        RawHttp.Response huge = send(head("POST", "/handshake", "X-Pad: " + "a".repeat(64 * 1024)), "");
        assertEquals(431, huge.status(), huge.body());
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            many.append(i == 0 ? "" : "\r\n").append("X-H").append(i).append(": v");
        }
        RawHttp.Response countless = send(head("POST", "/handshake", many.toString()), "");
        assertEquals(431, countless.status(), countless.body());
        assertEquals(2, server.hub().channelCount(), "no session opened by either");
    }

    @Test
    void duplicatedSessionHeadersAreRefusedNotGuessed() throws Exception {
        String frame = "[{\"t\":\"msg\",\"seq\":1,\"d\":\"smuggled\"}]";
        String sid = "X-Duplex-Session: " + victim.sid();
        String token = "X-Duplex-Token: " + victim.token();
        // One intermediary may read the first value and another the last: the server must not pick either.
        RawHttp.Response twoSessions = send(head("POST", "/send", sid, "X-Duplex-Session: other", token), frame);
        RawHttp.Response twoTokens = send(head("POST", "/send", "X-Duplex-Token: wrong", sid, token), frame);
        RawHttp.Response twoAcks = send(head("GET", "/poll", sid, token, "X-Duplex-Ack: 0", "X-Duplex-Ack: 5"), "");
        for (RawHttp.Response refused : new RawHttp.Response[] {twoSessions, twoTokens, twoAcks}) {
            assertEquals(400, refused.status(), refused.body());
            assertTrue(refused.body().startsWith("{\"error\":\"bad_request\""), refused.body());
        }
        assertTrue(handler.messages.isEmpty(), "nothing was processed on a guess");
    }

    @Test
    void nonAsciiHeaderBytesAreRefusedByStatus() throws Exception {
        String sid = "X-Duplex-Session: " + victim.sid();
        String token = "X-Duplex-Token: " + victim.token();
        String ack = "X-Duplex-Ack: 0";
        String[][] heads = {{"X-Duplex-Session: s\u00e9ssion", token, ack}, {sid, "X-Duplex-Token: t\u00f6ken", ack},
            {sid, token, "X-Duplex-Ack: \u0661"}, {sid, token, ack, "Origin: http://\u0435vil.example"}};
        for (String[] headers : heads) {
            RawHttp.Response response = send(head("GET", "/poll", headers), "");
            String where = String.join(", ", headers) + " -> " + response.status() + " " + response.body();
            assertTrue(response.status() >= 400 && response.status() < 500, where);
            assertTrue(response.body().startsWith("{\"error\":"), where);
        }
    }
}
