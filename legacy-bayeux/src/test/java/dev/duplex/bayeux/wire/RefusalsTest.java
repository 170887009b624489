package dev.duplex.bayeux.wire;

import static dev.duplex.bayeux.wire.RawBayeux.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.duplex.bayeux.BayeuxOptions;
import dev.duplex.bayeux.testing.BayeuxServer;
import dev.duplex.bayeux.testing.ChatHandler;
import dev.duplex.server.api.DuplexOptions;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scenarios 4, 9 and 10 on the wire, and JSONP: every refusal is a clear Bayeux answer, never a 5xx. */
class RefusalsTest {
    private static final String ALLOWED = "http://allowed.example";
    private static final String CONNECT = "[{\"channel\":\"/meta/connect\",\"connectionType\":\"long-polling\","
            + "\"advice\":{\"timeout\":0},\"id\":\"2\",\"clientId\":\"%s\"}]";
    private static BayeuxServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new BayeuxServer(new ChatHandler(), DuplexOptions.builder().maxSessions(3).maxMessageChars(100)
                .allowedOrigins(ALLOWED).build(), BayeuxOptions.defaults().withMaxBatch(5));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static RawBayeux client() {
        return new RawBayeux(server.bayeuxUrl());
    }

    @Test
    void unknownClientIdIsToldToHandshakeAgain() throws Exception {
        JsonObject reply = only(client().post(CONNECT.formatted("no.such")));
        assertFalse(reply.get("successful").getAsBoolean());
        assertEquals("402::unknown client", reply.get("error").getAsString());
        assertEquals("handshake", reply.getAsJsonObject("advice").get("reconnect").getAsString());
    }

    @Test
    void aClientIdUsedFromAnotherBrowserIsRefusedLikeAnUnknownOne() throws Exception {
        RawBayeux owner = client();
        String clientId = owner.handshake();
        try {
            JsonObject stolen = only(client().post(CONNECT.formatted(clientId)));
            assertFalse(stolen.get("successful").getAsBoolean(), stolen.toString());
            assertEquals("402::unknown client", stolen.get("error").getAsString());
            JsonObject own = only(owner.post(CONNECT.formatted(clientId)));
            assertTrue(own.get("successful").getAsBoolean(), "the owner goes on: " + own);
        } finally {
            owner.post("[{\"channel\":\"/meta/disconnect\",\"clientId\":\"" + clientId + "\"}]");
        }
    }

    @Test
    void aRefusedHandshakeIsHttp200WithAdvice() throws Exception {
        HttpResponse<String> response = client().post("[{\"channel\":\"/meta/handshake\",\"version\":\"1.0\","
                + "\"supportedConnectionTypes\":[\"long-polling\"]}]", "X-Refuse", "1");
        JsonObject reply = only(response);
        assertFalse(reply.get("successful").getAsBoolean());
        assertEquals("403::handshake refused", reply.get("error").getAsString());
        assertEquals("none", reply.getAsJsonObject("advice").get("reconnect").getAsString());
    }

    @Test
    void aFullServerAnswersHandshakesWith200AndBackoffAdvice() throws Exception {
        RawBayeux[] clients = {client(), client(), client()};
        String[] ids = new String[clients.length];
        for (int i = 0; i < clients.length; i++) {
            ids[i] = clients[i].handshake();
        }
        try {
            JsonObject reply = only(client().post("[{\"channel\":\"/meta/handshake\",\"version\":\"1.0\","
                    + "\"supportedConnectionTypes\":[\"long-polling\"]}]"));
            assertFalse(reply.get("successful").getAsBoolean());
            assertTrue(reply.get("error").getAsString().startsWith("503::"), reply.toString());
            assertEquals("handshake", reply.getAsJsonObject("advice").get("reconnect").getAsString());
            assertEquals(5000, reply.getAsJsonObject("advice").get("interval").getAsInt());
        } finally {
            for (int i = 0; i < clients.length; i++) {
                clients[i].post("[{\"channel\":\"/meta/disconnect\",\"clientId\":\"" + ids[i] + "\"}]");
            }
        }
    }

    /** The handler allows wildcards below chat/ only; every other pattern is denied, malformed ones are bad. */
    @Test
    void wildcardSubscriptionsAreDeniedUnlessThePatternAuthorizerAllows() throws Exception {
        RawBayeux raw = client();
        String clientId = raw.handshake();
        try {
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("/**", "403:denied_by_security_policy:subscribe_denied");
            expected.put("/*", "403:denied_by_security_policy:subscribe_denied");
            expected.put("/private/**", "403:denied_by_security_policy:subscribe_denied");
            expected.put("/chat/*/x", "400::cannot subscribe to /chat/*/x");
            expected.put("/chat/*", null);
            expected.put("/chat/**", null);
            for (Map.Entry<String, String> pattern : expected.entrySet()) {
                JsonObject reply = only(raw.post("[{\"channel\":\"/meta/subscribe\",\"subscription\":\""
                        + pattern.getKey() + "\",\"clientId\":\"" + clientId + "\"}]"));
                assertEquals(pattern.getValue() == null, reply.get("successful").getAsBoolean(), reply.toString());
                if (pattern.getValue() != null) {
                    assertEquals(pattern.getValue(), reply.get("error").getAsString());
                }
                assertEquals(pattern.getKey(), reply.get("subscription").getAsString());
            }
        } finally {
            raw.post("[{\"channel\":\"/meta/disconnect\",\"clientId\":\"" + clientId + "\"}]");
        }
    }

    @Test
    void callbackPollingIsRefusedClearly() throws Exception {
        JsonObject reply = only(client().post("[{\"channel\":\"/meta/handshake\",\"version\":\"1.0\","
                + "\"supportedConnectionTypes\":[\"callback-polling\"]}]"));
        assertFalse(reply.get("successful").getAsBoolean());
        assertTrue(reply.get("error").getAsString().startsWith("406::"), reply.toString());
        assertTrue(reply.get("error").getAsString().contains("JSONP"), reply.toString());

        HttpResponse<String> jsonp = client().get("?jsonp=cb&message=%5B%5D");
        assertEquals(400, jsonp.statusCode());
        assertEquals("nosniff", jsonp.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertTrue(jsonp.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(jsonp.body().contains("406::callback-polling (JSONP) is not supported"), jsonp.body());
    }

    @Test
    void limitsAreBayeuxErrors() throws Exception {
        RawBayeux raw = client();
        String clientId = raw.handshake();
        try {
            JsonObject big = only(raw.post("[{\"channel\":\"/chat/lobby\",\"id\":\"9\",\"clientId\":\"" + clientId
                    + "\",\"data\":\"" + "x".repeat(200) + "\"}]"));
            assertFalse(big.get("successful").getAsBoolean());
            assertEquals("9", big.get("id").getAsString());
            assertTrue(big.get("error").getAsString().startsWith("413::"), big.toString());

            HttpResponse<String> batch = raw.post("[{},{},{},{},{},{}]");
            assertEquals(413, batch.statusCode());
            assertTrue(batch.body().contains("413::at most 5 messages per batch"), batch.body());

            HttpResponse<String> garbage = raw.post("{not json");
            assertEquals(400, garbage.statusCode());
            assertTrue(JsonParser.parseString(garbage.body()).isJsonArray(), garbage.body());
        } finally {
            raw.post("[{\"channel\":\"/meta/disconnect\",\"clientId\":\"" + clientId + "\"}]");
        }
    }

    @Test
    void foreignOriginsAreRefusedWith403AndAllowedOnesGetCredentialedCors() throws Exception {
        String handshake = "[{\"channel\":\"/meta/handshake\",\"version\":\"1.0\","
                + "\"supportedConnectionTypes\":[\"long-polling\"]}]";
        HttpResponse<String> foreign = client().post(handshake, "Origin", "http://evil.example");
        assertEquals(403, foreign.statusCode());
        assertTrue(foreign.body().contains("403::origin not allowed"), foreign.body());

        RawBayeux page = client();
        HttpResponse<String> allowed = page.post(handshake, "Origin", ALLOWED);
        assertTrue(only(allowed).get("successful").getAsBoolean());
        assertEquals(ALLOWED, allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertEquals("true", allowed.headers().firstValue("Access-Control-Allow-Credentials").orElse(""));
        String clientId = only(allowed).get("clientId").getAsString();
        JsonObject bye = only(page.post("[{\"channel\":\"/meta/disconnect\",\"clientId\":\"" + clientId + "\"}]",
                "Origin", ALLOWED));
        assertTrue(bye.get("successful").getAsBoolean(), bye.toString());
    }
}
