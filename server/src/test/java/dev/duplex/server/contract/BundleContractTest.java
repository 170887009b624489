package dev.duplex.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.TransportKind;
import dev.duplex.server.testing.Await;
import dev.duplex.server.testing.GoldenVectors;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestCluster;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The bundled poll, {@code POST M/bundle} (PROTOCOL.md section 2.5): one parked exchange for several sessions,
 * each with its own token and ack, answered as soon as any has frames; each session stays its own channel.
 * Limits (maxBundle) and malformed bodies from the golden vectors.
 */
// Single node: a bundle carries the sessions of the node it lands on; on a cluster the members another node holds
// are answered `alone` and poll by themselves (PROTOCOL.md section 2.5), which BundleAnswersTest covers.
@Tag(TestCluster.SINGLE_NODE)
class BundleContractTest {
    private static final JsonObject VECTORS = GoldenVectors.load().getAsJsonObject("bundle");
    private final RecordingHandler handler = new RecordingHandler();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<WireClient> clients = new ArrayList<>();
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(handler, DuplexOptions.builder().maxBundle(VECTORS.get("maxBundle").getAsInt())
                .build());
    }

    @AfterEach
    void stop() throws Exception {
        for (WireClient client : clients) {
            client.close();
        }
        server.close();
    }

    private WireClient session() throws Exception {
        WireClient client = new WireClient(server.mountUri(), null);
        client.handshake();
        clients.add(client);
        return client;
    }

    private static String member(WireClient c, long ack) {
        return "{\"sid\":\"" + c.sid() + "\",\"token\":\"" + c.token() + "\",\"ack\":" + ack + "}";
    }

    private CompletableFuture<HttpResponse<String>> bundle(String... members) {
        return post("/bundle", "[" + String.join(",", members) + "]");
    }

    private CompletableFuture<HttpResponse<String>> post(String path, String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(server.mountUri() + path))
                .timeout(Duration.ofSeconds(40)).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int echo(WireClient c, long seq, String text) throws Exception {
        return c.request("/send", "POST", "[{\"t\":\"msg\",\"seq\":" + seq + ",\"d\":\"" + text + "\"}]",
                Map.of("Content-Type", "text/plain")).statusCode();
    }

    private static JsonArray answers(CompletableFuture<HttpResponse<String>> pending) throws Exception {
        HttpResponse<String> response = pending.get(30, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
        return JsonParser.parseString(response.body()).getAsJsonArray();
    }

    @Test
    void oneParkedPollCarriesSeveralSessionsAndAnswersWhenAnyHasFrames() throws Exception {
        WireClient a = session();
        WireClient b = session();
        CompletableFuture<HttpResponse<String>> parked = bundle(member(a, 0), member(b, 0));
        joined(b);
        assertFalse(parked.isDone(), "nothing to say yet: the bundle parks");
        assertEquals(200, echo(b, 1, "from b"));
        JsonArray first = answers(parked);
        assertEquals("[{\"sid\":\"" + b.sid() + "\",\"frames\":[{\"t\":\"msg\",\"seq\":1,\"d\":\"from b\"}]}]",
                first.toString(), "only the session with frames answers");

        // The next bundle carries b's new ack; a's frames that came meanwhile are answered at once.
        assertEquals(200, echo(a, 1, "from a"));
        assertEquals(200, echo(b, 2, "b again"));
        JsonArray second = answers(bundle(member(a, 0), member(b, 1)));
        assertEquals(2, second.size(), second.toString());
        assertEquals("\"from a\"", frames(second, a).get(0).getAsJsonObject().get("d").toString());
        JsonArray bFrames = frames(second, b);
        assertEquals(1, bFrames.size(), "b acked seq 1: only seq 2 comes");
        assertEquals(2, bFrames.get(0).getAsJsonObject().get("seq").getAsLong());

        // A lost answer costs nothing: the same acks bring the same frames again.
        assertEquals(second, answers(bundle(member(a, 0), member(b, 1))));
        assertEquals(List.of(a.sid(), b.sid()).size(), handler.opened.size(), "one channel per session");
        assertTrue(handler.closed.isEmpty());
    }

    /** Waits until {@code c}'s session is on long-polling: its member of the bundle has joined. */
    private void joined(WireClient c) throws InterruptedException {
        Await.until(c.sid() + " joined", () -> server.hub().channel(c.sid())
                .map(channel -> channel.transport() == TransportKind.LONG_POLLING).orElse(false));
    }

    private static JsonArray frames(JsonArray answers, WireClient c) {
        for (JsonElement e : answers) {
            if (e.getAsJsonObject().get("sid").getAsString().equals(c.sid())) {
                return e.getAsJsonObject().getAsJsonArray("frames");
            }
        }
        throw new AssertionError("no answer for " + c.sid() + " in " + answers);
    }

    @Test
    void aSinglePollOfAMemberSupersedesItsPartOfTheBundle() throws Exception {
        WireClient a = session();
        WireClient b = session();
        CompletableFuture<HttpResponse<String>> parked = bundle(member(a, 0), member(b, 0));
        joined(b); // members join in order: a's poll is parked once b is on long-polling
        CompletableFuture<HttpResponse<String>> single = http.sendAsync(HttpRequest.newBuilder(
                URI.create(server.mountUri() + "/poll")).header("X-Duplex-Session", a.sid())
                .header("X-Duplex-Token", a.token()).header("X-Duplex-Ack", "0").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("[{\"sid\":\"" + a.sid() + "\",\"frames\":[]}]", answers(parked).toString(),
                "a's part ended empty; b was released unanswered");
        assertEquals(200, echo(a, 1, "to the single poll"));
        assertEquals(200, single.get(30, TimeUnit.SECONDS).statusCode());
        assertEquals("[{\"t\":\"msg\",\"seq\":1,\"d\":\"to the single poll\"}]", single.get().body());
    }

    @Test
    void eachMemberIsRefusedAloneAsItsSinglePollWouldBe() throws Exception {
        WireClient a = session();
        WireClient b = session();
        assertEquals(200, echo(a, 1, "hi"));
        String wrongToken = "{\"sid\":\"" + b.sid() + "\",\"token\":\"" + "x".repeat(43) + "\",\"ack\":0}";
        JsonArray answers = answers(bundle(member(a, 0), wrongToken));
        assertEquals("[{\"t\":\"msg\",\"seq\":1,\"d\":\"hi\"}]", frames(answers, a).toString());
        assertEquals("{\"sid\":\"" + b.sid() + "\",\"status\":404,\"error\":\"unknown_session\",\"message\":"
                + "\"no such session\"}", answers.get(1).toString());
        JsonArray beyond = answers(bundle(member(a, 0), member(b, 5)));
        assertEquals(400, beyond.get(1).getAsJsonObject().get("status").getAsInt(), "an ack beyond the last seq");
        assertEquals("bad_request", beyond.get(1).getAsJsonObject().get("error").getAsString());
    }

    @Test
    void malformedBundlesAndBundlesOverMaxBundleAreRefusedWhole() throws Exception {
        for (JsonElement e : VECTORS.getAsJsonArray("malformed")) {
            JsonObject vector = e.getAsJsonObject();
            HttpResponse<String> response = post("/bundle", vector.get("body").getAsString()).get(30, TimeUnit.SECONDS);
            String name = vector.get("name").getAsString();
            assertEquals(vector.get("status").getAsInt(), response.statusCode(), name + ": " + response.body());
            assertEquals(vector.get("error").getAsString(),
                    JsonParser.parseString(response.body()).getAsJsonObject().get("error").getAsString(), name);
        }
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(server.mountUri() + "/bundle")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
        assertEquals("POST, OPTIONS", get.headers().firstValue("Allow").orElse(null));
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(server.mountUri() + "/bundle"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("[]")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, form.statusCode());
    }

    @Test
    void aBundleAtMaxBundleIsServed() throws Exception {
        WireClient a = session();
        WireClient b = session();
        assertEquals(200, echo(a, 1, "x"));
        assertEquals(200, echo(b, 1, "y"));
        assertEquals(VECTORS.get("maxBundle").getAsInt(), answers(bundle(member(a, 0), member(b, 0))).size());
    }
}
