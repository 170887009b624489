package dev.duplex.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.CloseReason;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.testing.RawChannel;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The places where a client written from PROTOCOL.md alone found the server and the document apart (issue 12
 * item 8): each now does what the document says, on every transport it applies to.
 */
class ProtocolEdgesContractTest {
    private static final String CONTENT_TYPE = "Content-Type";
    private final RecordingHandler handler = new RecordingHandler();
    private TestServer server;
    private WireClient client;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(handler, DuplexOptions.builder().maxBatch(5).allowedOrigins("http://trusted.example")
                .build());
        client = new WireClient(server.mountUri(), null);
        client.handshake();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    private HttpResponse<String> poll(String ack) throws Exception {
        return client.request("/poll", "GET", null, Map.of("X-Duplex-Ack", ack));
    }

    private static void assertRefused(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("{\"error\":\"" + code + "\""), response.body());
    }

    /** 8a: section 6 says a WebSocket batch over maxBatch closes 4400, like any malformed message. */
    @Test
    void aWebSocketBatchOverMaxBatchIsClosed4400() throws Exception {
        try (RawChannel channel = Transport.WEBSOCKET.open(server)) {
            channel.send("[" + "{\"t\":\"ping\"},".repeat(5) + "{\"t\":\"ping\"}]");
            assertEquals(4400, channel.awaitCloseCode());
            assertTrue(channel.webSocketClosed.get().contains("more than 5 frames"), channel.webSocketClosed::join);
        }
    }

    /** 8c: section 7 refuses form-encoded and multipart bodies, whatever they hold, before anything happens. */
    @Test
    void formAndMultipartBodiesAreRefusedOnSend() throws Exception {
        String batch = "[{\"t\":\"msg\",\"seq\":1,\"d\":\"x\"}]";
        for (String type : List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=b",
                "Application/X-WWW-Form-Urlencoded;charset=utf-8")) {
            assertRefused(client.request("/send", "POST", batch, Map.of(CONTENT_TYPE, type)), 400, "bad_request");
        }
        assertTrue(handler.messages.isEmpty());
        assertEquals(200, client.request("/send", "POST", batch, Map.of(CONTENT_TYPE, "text/plain")).statusCode());
    }

    /** 8d: an ack of frames never sent is refused on every path, instead of a stalled poll or a skipped replay. */
    @Test
    void anAckBeyondTheLastServerFrameIsRefused() throws Exception {
        server.hub().channel(client.sid()).orElseThrow().send("one");
        assertRefused(poll("2"), 400, "bad_request");
        assertRefused(client.request("/send", "POST", "[{\"t\":\"ack\",\"ack\":2},{\"t\":\"msg\",\"seq\":1,\"d\":1}]",
                Map.of(CONTENT_TYPE, "text/plain")), 400, "bad_request");
        assertTrue(handler.messages.isEmpty(), "nothing of the batch was processed");
        assertEquals(4400, client.closeCodeAfter(new Frame.Hello(client.sid(), client.token(), 2)));
        assertEquals("[{\"t\":\"msg\",\"seq\":1,\"d\":\"one\"}]", poll("0").body(), "the session is unharmed");
        try (RawChannel channel = Transport.WEBSOCKET.open(server)) {
            channel.send("{\"t\":\"ack\",\"ack\":1}");
            assertEquals(4400, channel.awaitCloseCode());
        }
    }

    /** 8f: numbers are 0 to 2^53 - 1, in headers too. */
    @Test
    void anAckHeaderOfTwoToThe53IsMalformed() throws Exception {
        HttpResponse<String> refused = poll("9007199254740992");
        assertRefused(refused, 400, "bad_request");
        assertTrue(refused.body().contains("X-Duplex-Ack"), refused.body());
        HttpResponse<String> beyond = poll("9007199254740991");
        assertRefused(beyond, 400, "bad_request");
        assertTrue(beyond.body().contains("beyond"), "well-formed, but never sent: " + beyond.body());
    }

    /** 8g: the server answers the highest version it speaks, up to the one asked for. */
    @Test
    void versionNegotiation() throws Exception {
        for (String body : List.of("{\"v\":1}", "{\"v\":2}", "{\"v\":7,\"x\":1}", "{}", "")) {
            HttpResponse<String> answer = client.request("/handshake", "POST", body, Map.of());
            assertEquals(200, answer.statusCode(), body);
            assertTrue(answer.body().startsWith("{\"v\":1,"), answer.body());
        }
        for (String body : List.of("{\"v\":0}", "{\"v\":-1}", "{\"v\":\"1\"}", "{\"v\":1.5}", "{\"v\":null}")) {
            assertRefused(client.request("/handshake", "POST", body, Map.of()), 400, "unsupported_version");
        }
        assertRefused(client.request("/handshake", "POST", "[1]", Map.of()), 400, "bad_request");
    }

    /** 8g: unknown paths, wrong methods (with Allow) and the preflight, as section 2 and 7 document them. */
    @Test
    void notFoundMethodNotAllowedAndPreflight() throws Exception {
        assertRefused(client.request("/nope", "GET", null, Map.of()), 404, "not_found");
        HttpResponse<String> wrong = client.request("/send", "GET", null, Map.of());
        assertRefused(wrong, 405, "method_not_allowed");
        assertEquals("POST, OPTIONS", wrong.headers().firstValue("Allow").orElse(null));
        assertEquals("GET, OPTIONS", client.request("/poll", "POST", "", Map.of()).headers().firstValue("Allow")
                .orElse(null));
        WireClient trusted = new WireClient(server.mountUri(), "http://trusted.example");
        HttpResponse<String> preflight = trusted.request("/send", "OPTIONS", null, Map.of());
        assertEquals(204, preflight.statusCode());
        assertEquals("GET, POST", preflight.headers().firstValue("Access-Control-Allow-Methods").orElse(null));
        assertEquals("X-Duplex-Session, X-Duplex-Token, X-Duplex-Ack, X-Duplex-Probe, Content-Type",
                preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(null));
        assertEquals("600", preflight.headers().firstValue("Access-Control-Max-Age").orElse(null));
        assertEquals("http://trusted.example", preflight.headers().firstValue("Access-Control-Allow-Origin").get());
        trusted.close();
    }

    /** 8e: a graceful close delivers every earlier frame both ways, then the server's close frame. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void aClientCloseDeliversEveryEarlierFrameThenTheServersClose(Transport transport) throws Exception {
        try (RawChannel channel = transport.open(server)) {
            channel.send("[{\"t\":\"msg\",\"seq\":1,\"d\":\"last words\"},{\"t\":\"close\",\"seq\":2,\"code\":1000,"
                    + "\"reason\":\"bye\"}]");
            Frame.Close close = (Frame.Close) channel.await("the server's close", Frame.Close.class::isInstance);
            Frame.Msg echo = (Frame.Msg) channel.await("the echo", Frame.Msg.class::isInstance);
            assertEquals("\"last words\"", echo.d());
            assertTrue(echo.seq() < close.seq(), "the echo comes first");
            assertEquals(1000, close.code());
            assertEquals(List.of("\"last words\""), handler.messages);
            // The client acks the close frame (its next poll or ack frame); then the session ends.
            dev.duplex.server.testing.Await.until("the session to end", () -> handler.closed.size() == 1);
            assertEquals(CloseReason.CLIENT_CLOSED, handler.closed.get(0));
            assertFalse(server.hub().channel(client.sid()).isEmpty(), "only that session ended");
            if (transport == Transport.WEBSOCKET) {
                assertEquals(1000, channel.awaitCloseCode());
            }
        }
    }
}
