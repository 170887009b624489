package dev.duplex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.faultkit.FaultProxy;
import dev.duplex.testkit.Json;
import dev.duplex.testkit.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Fallback telemetry (issue 17 item 2, PROTOCOL.md section 5.2) from a real browser: a page whose WebSocket
 * cannot get through tells the server why it stays on long-polling, and the server counts the reason under the
 * browser's family. Read from the mount's admin data, with the token the demo prints when it runs on localhost.
 */
final class TelemetryScenarios {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern ADMIN_TOKEN = Pattern.compile("admin views .* password (\\S+)");

    private TelemetryScenarios() {
    }

    /** Behind nginx without the Upgrade headers the WebSocket handshake fails: reason {@code error}. */
    static void upgradeRefused(Run run) {
        expectReason(run, "error");
    }

    /** Behind a proxy that answers 101 and forwards nothing: reason {@code no_welcome}. */
    static void fake101(Run run) {
        run.net.fault.mode(FaultProxy.Mode.FAKE_101);
        expectReason(run, "no_welcome");
    }

    private static void expectReason(Run run, String reason) {
        String key = reason + "/" + run.kind.label();
        long before = fallbacks(run.app, key);
        Page p = run.openApp(run.kind);
        p.connect("echo", "/echo", Map.of());
        p.call("send", "echo", "t-0");
        p.await("first echo", "echo", WAIT, s -> Scenarios.num(s, "got") >= 1);
        p.awaitTrue("the server counts " + key + " (was " + before + ")", WAIT,
                () -> fallbacks(run.app, key) > before);
        assertEquals("long-polling", p.transport("echo"));
        run.note("fallbacks " + key + ": " + before + " -> " + fallbacks(run.app, key));
        run.actualTransport = p.transport("echo");
    }

    /** The count of fallback reports {@code reasonAndBrowser} on {@code /echo}, from its admin data. */
    private static long fallbacks(ServerProcess app, String reasonAndBrowser) {
        String token = app.awaitOutput(ADMIN_TOKEN, WAIT).group(1);
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(app.origin() + "/echo/admin/data")).header("Authorization", "Bearer " + token)
                    .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            Object count = ((Map<?, ?>) ((Map<?, ?>) Json.parse(response.body())).get("fallbacks"))
                    .get(reasonAndBrowser);
            return count == null ? 0 : ((Number) count).longValue();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
