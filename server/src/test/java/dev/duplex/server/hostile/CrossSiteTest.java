package dev.duplex.server.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.testing.LogCapture;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a hostile page can make a victim's browser send: the three "simple" POSTs a form or {@code fetch} may send
 * cross-site without a preflight (PROTOCOL.md section 7), and the CORS answers a cache or a browser would act on.
 * The foreign-origin matrix itself is in BadInputContractTest; here, the request shapes and the headers.
 */
class CrossSiteTest {
    private static final String TRUSTED = "http://trusted.example";
    private static final String EVIL = "http://evil.example";
    private final RecordingHandler handler = new RecordingHandler();
    private TestServer server;
    private WireClient victim;

    @BeforeEach
    void start() throws Exception {
        // Polls here are answered (empty) after 300 ms, not parked for 25 s.
        server = new TestServer(handler, DuplexOptions.builder().allowedOrigins(TRUSTED).pollTimeoutMillis(300)
                .sweepIntervalMillis(50).build());
        victim = new WireClient(server.mountUri(), server.origin());
        victim.handshake();
    }

    @AfterEach
    void stop() throws Exception {
        victim.close();
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=b"})
    void crossSiteSimplePostsAreRefusedAndProcessNothing(String contentType) throws Exception {
        String frames = "[{\"t\":\"msg\",\"seq\":1,\"d\":\"forged\"}]";
        String body = contentType.startsWith("multipart")
                ? "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n" + frames + "\r\n--b--\r\n"
                : contentType.startsWith("application") ? "x=" + frames : frames;
        // A form cannot set the session headers; even an attacker who somehow had them is refused on Origin.
        WireClient blind = new WireClient(server.mountUri(), EVIL);
        WireClient informed = new WireClient(server.mountUri(), EVIL).adopt(victim.sid(), victim.token(), 0);
        for (WireClient attacker : List.of(blind, informed)) {
            for (String path : List.of("/send", "/handshake")) {
                HttpResponse<String> refused = attacker.request(path, "POST", body,
                        Map.of("Content-Type", contentType));
                assertEquals(403, refused.statusCode(), path + " " + refused.body());
                assertTrue(refused.body().startsWith("{\"error\":\"forbidden_origin\""), refused.body());
                // The handshake's refusal is readable by the refused page (so it can say forbidden_origin);
                // nothing else is, and in neither case was anything processed.
                assertEquals(path.equals("/handshake") ? Optional.of(EVIL) : Optional.empty(),
                        refused.headers().firstValue("Access-Control-Allow-Origin"), path);
            }
            attacker.close();
        }
        assertTrue(handler.messages.isEmpty(), "nothing forged was processed");
        assertEquals(1, server.hub().channelCount(), "no session was opened for the attacker");
    }

    @Test
    void aRefusedOriginIsLoggedOnceNamingTheSetting() throws Exception {
        try (LogCapture log = new LogCapture("dev.duplex.server.http")) {
            WireClient foreign = new WireClient(server.mountUri(), EVIL);
            for (int i = 0; i < 3; i++) {
                assertEquals(403, foreign.request("/handshake", "POST", "{}", Map.of()).statusCode());
            }
            List<String> lines = log.containing(Level.WARNING, EVIL);
            assertEquals(1, lines.size(), log.messages(Level.ALL).toString());
            assertTrue(lines.get(0).contains("allowedOrigins") && lines.get(0).contains(TestServer.CONTEXT
                    + TestServer.MOUNT), lines.get(0));
            foreign.close();
        }
    }

    @Test
    void corsIsNeverAWildcardAndEveryOriginDependentResponseVariesOnOrigin() throws Exception {
        for (String origin : List.of(TRUSTED, server.origin(), EVIL, "null")) {
            WireClient caller = new WireClient(server.mountUri(), origin).adopt(victim.sid(), victim.token(), 0);
            List<HttpResponse<String>> responses = List.of(
                    caller.request("/handshake", "POST", "{}", Map.of()),
                    caller.request("/send", "POST", "[]", Map.of()),
                    caller.request("/poll", "GET", null, Map.of("X-Duplex-Ack", "0")),
                    caller.request("/send", "OPTIONS", null, Map.of("Access-Control-Request-Method", "POST")),
                    caller.request("/nowhere", "GET", null, Map.of()));
            for (HttpResponse<String> response : responses) {
                String where = origin + " " + response.request().method() + " " + response.uri().getPath();
                assertTrue(response.headers().allValues("Vary").stream().anyMatch(v -> v.contains("Origin")), where);
                Optional<String> allowed = response.headers().firstValue("Access-Control-Allow-Origin");
                boolean refusedHandshake = origin.equals(EVIL) && response.uri().getPath().endsWith("/handshake")
                        && response.request().method().equals("POST");
                assertEquals(origin.equals(TRUSTED) || refusedHandshake ? Optional.of(origin) : Optional.empty(),
                        allowed, where);
                if (refusedHandshake) {
                    assertEquals(403, response.statusCode(), where);
                    assertTrue(response.body().startsWith("{\"error\":\"forbidden_origin\""), where);
                }
                assertEquals(allowed.isPresent(),
                        response.headers().firstValue("Access-Control-Allow-Credentials").isPresent(), where);
            }
            caller.close();
        }
    }

    @Test
    void noRequestBytesAreReflectedAndThereIsNoJsonp() throws Exception {
        String marker = "Refl3cted";
        WireClient forger = new WireClient(server.mountUri(), server.origin()).adopt(marker, marker, 0);
        List<HttpResponse<String>> responses = List.of(
                victim.request("/poll?callback=" + marker, "GET", null, Map.of("X-Duplex-Ack", "0")),
                victim.request("/handshake?callback=" + marker, "POST", "{\"v\":1,\"x\":\"" + marker + "\"}",
                        Map.of()),
                victim.request("/" + marker, "GET", null, Map.of()),
                victim.request("/send", "POST", "[{\"t\":\"" + marker + "\"}]", Map.of()),
                victim.request("/send", "POST", marker, Map.of()),
                victim.request("/poll", "GET", null, Map.of("X-Duplex-Ack", marker)),
                forger.request("/poll", "GET", null, Map.of("X-Duplex-Ack", "0")),
                new WireClient(server.mountUri(), "http://" + marker + ".example").request("/handshake", "POST", "",
                        Map.of()));
        for (HttpResponse<String> response : responses) {
            String where = response.uri() + " -> " + response.statusCode() + " " + response.body();
            assertFalse(response.body().toLowerCase().contains(marker.toLowerCase()), where);
            // One header may hold the marker: a refused handshake's Access-Control-Allow-Origin names the page's
            // own origin, exactly as sent, so that page can read why it was refused (PROTOCOL.md section 7).
            boolean refusedHandshake = response.statusCode() == 403 && response.uri().getPath().endsWith("/handshake");
            response.headers().map().forEach((name, values) -> {
                if (refusedHandshake && name.equalsIgnoreCase("Access-Control-Allow-Origin")) {
                    assertEquals(List.of("http://" + marker + ".example"), values, where);
                } else {
                    assertFalse(values.toString().toLowerCase().contains(marker.toLowerCase()), name + ": " + where);
                }
            });
            assertTrue(response.body().startsWith("{") || response.body().startsWith("["), "JSON only: " + where);
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), where);
        }
        forger.close();
    }
}
