package dev.duplex.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Message;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.testing.Await;
import dev.duplex.server.testing.ControlSession;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestCluster;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every limit and bad input of PROTOCOL.md section 6 gets its status and JSON body (or close code), and
 * leaves other sessions untouched.
 */
class BadInputContractTest {
    private static final String TEXT = "Content-Type";
    private final RecordingHandler handler = new RecordingHandler() {
        @Override
        public void onMessage(Channel channel, Message message) {
            if (message.json().equals("\"boom\"")) {
                throw new IllegalStateException("secret internal detail");
            }
            super.onMessage(channel, message);
        }
    };
    private TestServer server;
    private WireClient client;
    private ControlSession bystander;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(handler, DuplexOptions.builder().maxSessions(5).maxMessageChars(1_000)
                .maxPostBytes(20_000).maxBatch(10).allowedOrigins("http://trusted.example").build());
        client = new WireClient(server.mountUri(), server.origin());
        client.handshake();
        bystander = ControlSession.onWebSocket(server);
    }

    @AfterEach
    void stop() throws Exception {
        // Whatever the test threw at the server, the bystander's session still works.
        bystander.assertStillServed();
        bystander.close();
        client.close();
        server.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return client.request(path, "POST", body, Map.of(TEXT, "text/plain"));
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("{\"error\":\"" + code + "\"", response.body().substring(0, response.body().indexOf(',')));
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null));
        assertTrue(response.headers().firstValue(TEXT).orElse("").startsWith("application/json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://evil.example", "null", "http://127.0.0.1", "https://127.0.0.1:PORT",
        "http://127.0.0.1:PORT.evil.example", "http://evil.127.0.0.1:PORT", "http://127.0.0.1:PORT/",
        "http://trusted.example.evil", "http://trusted.exampl", "https://trusted.example"})
    void foreignOriginsAreRefusedOnEveryEndpoint(String foreign) throws Exception {
        String origin = foreign.replace("PORT", Integer.toString(server.port()));
        WireClient attacker = new WireClient(server.mountUri(), origin).adopt(client.sid(), client.token(), 0);
        assertError(attacker.request("/handshake", "POST", "{}", Map.of()), 403, "forbidden_origin");
        assertError(attacker.request("/send", "POST", "[{\"t\":\"msg\",\"seq\":1,\"d\":1}]",
                Map.of(TEXT, "text/plain")), 403, "forbidden_origin");
        assertError(attacker.request("/poll", "GET", null, Map.of("X-Duplex-Ack", "0")), 403, "forbidden_origin");
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> attacker.openWebSocket(new WebSocket.Listener() { }));
        WebSocketHandshakeException handshake = (WebSocketHandshakeException) refused.getCause();
        assertEquals(403, handshake.getResponse().statusCode());
        assertTrue(handler.messages.isEmpty());
        attacker.close();
    }

    @Test
    void anAllowListedOriginGetsCorsHeadersButNeverAWildcard() throws Exception {
        WireClient trusted = new WireClient(server.mountUri(), "http://trusted.example");
        trusted.handshake();
        HttpResponse<String> preflight = trusted.request("/send", "OPTIONS", null, Map.of());
        assertEquals(204, preflight.statusCode());
        assertEquals("http://trusted.example", preflight.headers().firstValue("Access-Control-Allow-Origin").get());
        assertEquals("true", preflight.headers().firstValue("Access-Control-Allow-Credentials").get());
        assertEquals("Origin", preflight.headers().firstValue("Vary").get());
        HttpResponse<String> sameOrigin = client.request("/poll", "OPTIONS", null, Map.of());
        assertFalse(sameOrigin.headers().firstValue("Access-Control-Allow-Origin").isPresent());
        trusted.close();
    }

    @Test
    void unknownAndStolenSessionsAreRefusedOnPollSendAndWebSocket() throws Exception {
        WireClient stranger = new WireClient(server.mountUri(), server.origin()).adopt("nope", "nope", 0);
        assertError(stranger.request("/poll", "GET", null, Map.of("X-Duplex-Ack", "0")), 404, "unknown_session");
        WireClient thief = new WireClient(server.mountUri(), server.origin())
                .adopt(client.sid(), "stolen-id-but-not-the-token", 0);
        assertError(thief.request("/poll", "GET", null, Map.of("X-Duplex-Ack", "0")), 404, "unknown_session");
        assertError(thief.request("/send", "POST", "[{\"t\":\"msg\",\"seq\":1,\"d\":1}]", Map.of()), 404,
                "unknown_session");
        assertEquals(4404, thief.closeCodeAfter(new Frame.Hello(client.sid(), "wrong", 0)));
        assertTrue(handler.messages.isEmpty());
        stranger.close();
        thief.close();
    }

    @Test
    void aClientNeverChoosesItsSessionId() throws Exception {
        HttpResponse<String> response = client.request("/handshake", "POST", "{\"v\":1,\"sid\":\"chosen\"}",
                Map.of("X-Duplex-Session", "chosen"));
        assertEquals(200, response.statusCode());
        assertFalse(response.body().contains("chosen"));
    }

    @Test
    void malformedFramesAndGapsAreRefusedWithNothingProcessed() throws Exception {
        assertError(post("/send", "not json"), 400, "bad_request");
        assertError(post("/send", "[{\"t\":\"msg\",\"seq\":1,\"d\":1},{\"t\":\"nope\"}]"), 400, "bad_request");
        assertError(post("/send", "[{\"t\":\"msg\",\"seq\":2,\"d\":1}]"), 400, "sequence_gap");
        assertError(post("/send", "[{\"t\":\"hello\",\"sid\":\"a\",\"token\":\"b\",\"ack\":0}]"), 400, "bad_request");
        assertTrue(handler.messages.isEmpty());
        assertError(client.request("/poll", "GET", null, Map.of()), 400, "bad_request");
        assertError(client.request("/poll", "GET", null, Map.of("X-Duplex-Ack", "-1")), 400, "bad_request");
        assertError(client.request("/poll", "POST", "", Map.of()), 405, "method_not_allowed");
        assertError(client.request("/handshake", "GET", null, Map.of()), 405, "method_not_allowed");
        assertError(client.request("/elsewhere", "GET", null, Map.of()), 404, "not_found");
        assertError(client.request("/ws", "GET", null, Map.of()), 400, "bad_request");
        assertEquals(4400, client.closeCodeAfter(new Frame.Ping("not hello")));
    }

    @Test
    void binaryWebSocketMessagesAreRefusedWith4400() throws Exception {
        assertEquals(4400, client.closeCodeAfterBinary(false, new byte[] {1, 2, 3}), "before hello");
        assertEquals(4400, client.closeCodeAfterBinary(true, new byte[] {1, 2, 3}), "after hello");
        // Larger than the binary buffer: refused as binary at its first bytes, not assembled and found too big.
        assertEquals(4400, client.closeCodeAfterBinary(true, new byte[5000]), "a large one");
        assertTrue(handler.messages.isEmpty());
    }

    @Test
    void aResentPostIsProcessedOnce() throws Exception {
        String batch = "[{\"t\":\"msg\",\"seq\":1,\"d\":\"a\"},{\"t\":\"msg\",\"seq\":2,\"d\":\"b\"}]";
        HttpResponse<String> first = post("/send", batch);
        HttpResponse<String> again = post("/send", batch);
        assertEquals("[{\"t\":\"ack\",\"ack\":2}]", first.body());
        assertEquals("[{\"t\":\"ack\",\"ack\":2}]", again.body());
        assertEquals(java.util.List.of("\"a\"", "\"b\""), handler.messages);
    }

    @Test
    void oversizedInputIsRefusedBeforeItIsProcessed() throws Exception {
        // A payload over maxMessage is no transport error any more (PoisonContractTest); bytes and frame counts are.
        assertError(post("/send", "[" + "{\"t\":\"ack\",\"ack\":0},".repeat(10) + "{\"t\":\"ack\",\"ack\":0}]"), 413,
                "too_large");
        assertError(post("/send", "[" + " ".repeat(20_001) + "]"), 413, "too_large");
        assertTrue(handler.messages.isEmpty());
        client.startWebSocket();
        client.send("\"" + "x".repeat(20_001) + "\"");
        assertEquals(1009, client.webSocketClosesAwait(), "a message over maxPostBytes");
    }

    // Single node: maxSessions caps each node, so a cluster of two holds twice as many.
    @Tag(TestCluster.SINGLE_NODE)
    @Test
    void theSessionCapAnswers503() throws Exception {
        for (int i = 0; i < 3; i++) {
            new WireClient(server.mountUri(), null).handshake();
        }
        WireClient oneTooMany = new WireClient(server.mountUri(), null);
        assertError(oneTooMany.request("/handshake", "POST", "", Map.of()), 503, "too_many_sessions");
    }

    @Test
    void aSecondPollEndsTheFirstCleanly() throws Exception {
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return client.request("/poll", "GET", null, Map.of("X-Duplex-Ack", "0"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until("the first poll parked", () -> server.hub().channel(client.sid()).orElseThrow().transport()
                == dev.duplex.server.api.TransportKind.LONG_POLLING);
        CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(() -> {
            try {
                return client.request("/poll", "GET", null, Map.of("X-Duplex-Ack", "0"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        HttpResponse<String> ended = first.get(10, TimeUnit.SECONDS);
        assertEquals(200, ended.statusCode());
        assertEquals("[]", ended.body());
        server.hub().channel(client.sid()).orElseThrow().send("to the second");
        assertEquals("[{\"t\":\"msg\",\"seq\":1,\"d\":\"to the second\"}]", second.get(10, TimeUnit.SECONDS).body());
    }

    @Test
    void aFailingHandlerYieldsAGenericErrorWithNoDetail() throws Exception {
        client.startLongPolling();
        long seq = client.send("\"boom\"");
        Frame.Error error = (Frame.Error) client.next(10);
        assertEquals(seq, error.ref());
        assertEquals("internal_error", error.code());
        assertFalse(error.message().contains("secret") || error.message().contains("Exception"), error.message());
        client.send("\"after\"");
        assertEquals("\"after\"", ((Frame.Msg) client.next(10)).d());
        assertNull(client.inbox.poll());
    }
}
