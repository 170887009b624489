package dev.duplex.server.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The admin view's protection over real HTTP: absent unless configured, refused without the token (with a Basic
 * challenge), served with it as Bearer or Basic password; its data lists the live session without its token.
 * (AdminPageIT in e2e-tests drives the page itself in Chromium.)
 */
class AdminViewTest {
    private static final String TOKEN = "s3cret-admin-token-0123";

    @Test
    void absentUnlessATokenOrARoleIsConfigured() throws Exception {
        try (TestServer server = new TestServer(new RecordingHandler(), DuplexOptions.defaults());
                WireClient client = new WireClient(server.mountUri(), server.origin())) {
            for (String path : new String[] {"/admin", "/admin/", "/admin/data"}) {
                HttpResponse<String> response = client.request(path, "GET", null,
                        Map.of("Authorization", "Bearer " + TOKEN));
                assertEquals(404, response.statusCode(), path);
                assertTrue(response.body().contains("not_found"), response.body());
            }
        }
    }

    @Test
    void refusedWithoutTheTokenServedWithIt() throws Exception {
        DuplexOptions options = DuplexOptions.builder().adminToken(TOKEN).build();
        try (TestServer server = new TestServer(new RecordingHandler(), options);
                WireClient client = new WireClient(server.mountUri(), server.origin())) {
            client.handshake();
            client.startLongPolling();
            HttpResponse<String> none = client.request("/admin/data", "GET", null, Map.of());
            assertEquals(401, none.statusCode());
            assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm="));
            assertTrue(none.body().contains("\"error\":\"unauthorized\""), none.body());
            assertEquals(401, client.request("/admin/", "GET", null,
                    Map.of("Authorization", "Bearer " + TOKEN + "x")).statusCode());
            assertEquals(405, client.request("/admin/data", "POST", "", Map.of()).statusCode());

            HttpResponse<String> page = client.request("/admin/", "GET", null, Map.of("Authorization", basic(TOKEN)));
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
            assertTrue(page.body().contains("Duplex admin"));

            HttpResponse<String> data = client.request("/admin/data", "GET", null,
                    Map.of("Authorization", "Bearer " + TOKEN));
            assertEquals(200, data.statusCode(), data.body());
            JsonObject json = JsonParser.parseString(data.body()).getAsJsonObject();
            assertEquals(1, json.get("sessionCount").getAsInt());
            JsonObject session = json.getAsJsonArray("sessions").get(0).getAsJsonObject();
            assertEquals(client.sid(), session.get("id").getAsString());
            assertEquals("127.0.0.1", session.get("remote").getAsString());
            assertTrue(json.getAsJsonObject("transports").has("long-polling"));
            assertFalse(data.body().contains(client.token()), "never a session token");
            assertFalse(data.body().contains(TOKEN), "never the admin token");
        }
    }

    @Test
    void aShortTokenIsRefusedAndTheTokenNeverPrinted() {
        assertThrows(IllegalArgumentException.class, () -> DuplexOptions.builder().adminToken("short").build());
        String printed = DuplexOptions.builder().adminToken(TOKEN).build().toString();
        assertFalse(printed.contains(TOKEN), printed);
        assertTrue(printed.contains("adminToken=(set)"), printed);
    }

    private static String basic(String password) {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    }
}
