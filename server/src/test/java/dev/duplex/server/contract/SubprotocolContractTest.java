package dev.duplex.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.protocol.FrameCodec;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.testing.Await;
import dev.duplex.server.testing.RawHttp;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Subprotocols (PROTOCOL.md sections 2.1 and 2.4): the handshake's offer, the handler's choice on either
 * transport, the real upgrade's {@code Sec-WebSocket-Protocol} answer read off the wire, and the refusals.
 */
class SubprotocolContractTest {
    /** Speaks chat and superchat, and takes the first of them the client offers. */
    static final class Chatty extends RecordingHandler {
        @Override
        public String selectProtocol(List<String> offered) {
            return offered.stream().filter(List.of("chat", "superchat")::contains).findFirst().orElse(null);
        }
    }

    private TestServer server;
    private WireClient client;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(new Chatty(), DuplexOptions.defaults());
        client = new WireClient(server.mountUri(), server.origin());
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    private HttpResponse<String> handshake(String body) throws Exception {
        return client.request("/handshake", "POST", body, Map.of());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void theHandlersChoiceIsInTheReplyAndOnTheChannelWhateverTheTransport(Transport transport) throws Exception {
        HttpResponse<String> reply = handshake("{\"v\":1,\"protocols\":[\"mqtt\",\"superchat\",\"chat\"]}");
        assertEquals(200, reply.statusCode(), reply.body());
        assertTrue(reply.body().endsWith(",\"protocol\":\"superchat\"}"), reply.body());
        var json = com.google.gson.JsonParser.parseString(reply.body()).getAsJsonObject();
        client.adopt(json.get("sid").getAsString(), json.get("token").getAsString(), 0);
        transport.start(client);
        Await.until("open", () -> server.hub().channel(client.sid()).isPresent());
        assertEquals("superchat", server.hub().channel(client.sid()).map(Channel::protocol).orElseThrow());
    }

    @Test
    void aHandshakeWithoutAnOfferHasNoProtocol() throws Exception {
        HttpResponse<String> reply = handshake("{\"v\":1}");
        assertTrue(!reply.body().contains("protocol"), reply.body());
        client.handshake();
        client.startLongPolling();
        Await.until("open", () -> server.hub().channel(client.sid()).isPresent());
        assertEquals("", server.hub().channel(client.sid()).map(Channel::protocol).orElseThrow());
    }

    @Test
    void anOfferTheHandlerCannotMeetIsRefused() throws Exception {
        HttpResponse<String> reply = handshake("{\"v\":1,\"protocols\":[\"mqtt\"]}");
        assertEquals(400, reply.statusCode());
        assertTrue(reply.body().startsWith("{\"error\":\"unsupported_protocol\""), reply.body());
        try (TestServer plain = new TestServer(new RecordingHandler(), DuplexOptions.defaults());
                WireClient other = new WireClient(plain.mountUri(), plain.origin())) {
            HttpResponse<String> none = other.request("/handshake", "POST", "{\"v\":1,\"protocols\":[\"chat\"]}",
                    Map.of());
            assertEquals(400, none.statusCode(), "a handler without selectProtocol speaks no subprotocol");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"chat\"", "[]", "[\"a b\"]", "[\"chat\",\"chat\"]", "[1]", "[\"\"]",
        "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\",\"l\",\"m\",\"n\",\"o\",\"p\",\"q\"]"})
    void aMalformedOfferIsABadRequest(String protocols) throws Exception {
        HttpResponse<String> reply = handshake("{\"v\":1,\"protocols\":" + protocols + "}");
        assertEquals(400, reply.statusCode(), protocols);
        assertTrue(reply.body().startsWith("{\"error\":\"bad_request\""), reply.body());
    }

    /** The 101's headers for an upgrade that asks for {@code protocols}, read off the socket. */
    private RawHttp.Response upgrade(String protocols) throws Exception {
        try (var socket = RawHttp.connect(server.port())) {
            socket.getOutputStream().write(("GET /app/echo/ws HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: " + protocols
                    + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return RawHttp.readHead(socket.getInputStream());
        }
    }

    @Test
    void theRealUpgradeAnswersSecWebSocketProtocolWithTheChoiceOrNothing() throws Exception {
        RawHttp.Response chosen = upgrade("mqtt, chat, superchat");
        assertEquals(101, chosen.status());
        assertEquals(List.of("chat"), chosen.header("sec-websocket-protocol"));
        RawHttp.Response none = upgrade("mqtt");
        assertEquals(101, none.status());
        assertEquals(List.of(), none.header("sec-websocket-protocol"),
                "no header: a browser that asked for mqtt fails this socket");
    }

    @Test
    void aWebSocketWhoseSubprotocolIsNotTheSessionsIsRefusedAtHello() throws Exception {
        HttpResponse<String> reply = handshake("{\"v\":1,\"protocols\":[\"chat\"]}");
        var json = com.google.gson.JsonParser.parseString(reply.body()).getAsJsonObject();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        HttpClient http = HttpClient.newHttpClient();
        WebSocket ws = http.newWebSocketBuilder().subprotocols("superchat")
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/app/echo/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                        closed.complete(code);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        assertEquals("superchat", ws.getSubprotocol());
        ws.sendText(new FrameCodec().encode(new Frame.Hello(json.get("sid").getAsString(),
                json.get("token").getAsString(), 0)), true);
        assertEquals(4400, closed.get(10, TimeUnit.SECONDS));
        ws.abort();
    }

    @Test
    void aWebSocketOfTheSessionsSubprotocolAttaches() throws Exception {
        HttpResponse<String> reply = handshake("{\"v\":1,\"protocols\":[\"chat\"]}");
        var json = com.google.gson.JsonParser.parseString(reply.body()).getAsJsonObject();
        client.adopt(json.get("sid").getAsString(), json.get("token").getAsString(), 0);
        client.startWebSocket(); // asks for no subprotocol on the upgrade: allowed, the session has its own
        Await.until("attached", () -> server.hub().channel(client.sid()).map(Channel::transport)
                .map(t -> t == dev.duplex.server.api.TransportKind.WEBSOCKET).orElse(false));
        assertEquals("chat", server.hub().channel(client.sid()).map(Channel::protocol).orElseThrow());
    }
}
