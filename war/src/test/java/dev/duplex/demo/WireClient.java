package dev.duplex.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Talks to a deployed demo WAR over plain HTTP and WebSocket with the wire protocol (PROTOCOL.md), no client
 * library; shared by every test that runs the WAR, whatever runs it.
 */
final class WireClient {
    static final Duration REQUEST = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST).build();

    /** @param base the context root, with a trailing slash */
    WireClient(URI base) {
        this.base = base;
    }

    /** {@code /} is the demo page and loads the client. */
    void assertServesThePage() throws Exception {
        HttpResponse<String> page = get("");
        assertEquals(200, page.statusCode());
        String type = page.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("text/html"), type);
        assertTrue(page.body().contains("duplex.js"), "the page loads the client");
    }

    /** {@code /duplex.js} comes from {@code META-INF/resources} of the server jar, as a script. */
    void assertServesTheClient() throws Exception {
        HttpResponse<String> script = get("duplex.js");
        assertEquals(200, script.statusCode());
        String type = script.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.contains("javascript"), "duplex.js served as " + type);
        assertTrue(script.body().contains("Duplex"));
    }

    /** A fresh {@code /echo} session: send one message with {@code POST send}, get it back from {@code GET poll}. */
    void assertEchoOverLongPolling() throws Exception {
        String[] session = handshake("echo");
        JsonArray acks = post("echo/send", session, "[{\"t\":\"msg\",\"seq\":1,\"d\":\"hi\"}]");
        assertEquals(JsonParser.parseString("[{\"t\":\"ack\",\"ack\":1}]"), acks);
        JsonObject expected = JsonParser.parseString("{\"t\":\"msg\",\"seq\":1,\"d\":\"hi\"}").getAsJsonObject();
        assertTrue(pollUntil("echo/poll", session, expected::equals), "echo reply");
    }

    /**
     * A fresh {@code /echo} session attached to a WebSocket at once: hello/welcome (both acks 0, nothing sent yet),
     * then one message with {@code seq} 1, acked and echoed as the server's {@code seq} 1.
     */
    void assertEchoOverWebSocket() throws Exception {
        String[] session = handshake("echo");
        Frames frames = new Frames();
        WebSocket ws = http.newWebSocketBuilder().connectTimeout(REQUEST)
                .buildAsync(URI.create("ws" + base.toString().substring("http".length())).resolve("echo/ws"), frames)
                .get(REQUEST.toSeconds(), TimeUnit.SECONDS);
        try {
            send(ws, "{\"t\":\"hello\",\"sid\":\"" + session[0] + "\",\"token\":\"" + session[1] + "\",\"ack\":0}");
            JsonObject welcome = frames.await(f -> "welcome".equals(string(f, "t")));
            assertEquals(session[0], string(welcome, "sid"), welcome::toString);
            assertEquals(0, welcome.get("ack").getAsLong(), welcome::toString);

            send(ws, "{\"t\":\"msg\",\"seq\":1,\"d\":\"ws\"}");
            JsonObject echo = frames.await(f -> "msg".equals(string(f, "t")));
            assertEquals(JsonParser.parseString("{\"t\":\"msg\",\"seq\":1,\"d\":\"ws\"}"), echo);
            frames.await(f -> "ack".equals(string(f, "t")) && f.get("ack").getAsLong() == 1);

            send(ws, "{\"t\":\"ack\",\"ack\":1}");
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(REQUEST.toSeconds(), TimeUnit.SECONDS);
        } finally {
            ws.abort();
        }
    }

    /** Handshakes with the mount at {@code path}; returns {sid, token}. */
    String[] handshake(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path + "/handshake"))
                .timeout(REQUEST).POST(HttpRequest.BodyPublishers.ofString("{\"v\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response::body);
        JsonObject welcome = JsonParser.parseString(response.body()).getAsJsonObject();
        assertEquals(1, welcome.get("v").getAsInt());
        return new String[] {welcome.get("sid").getAsString(), welcome.get("token").getAsString()};
    }

    /** {@code POST path} with the session's headers; returns the server's acks. */
    JsonArray post(String path, String[] session, String body) throws Exception {
        HttpResponse<String> response = http.send(session(HttpRequest.newBuilder(base.resolve(path)), session)
                .timeout(REQUEST).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response::body);
        return JsonParser.parseString(response.body()).getAsJsonArray();
    }

    /** Polls, acking as it goes, until a frame matches; at most a few polls. */
    boolean pollUntil(String path, String[] session, Predicate<JsonObject> match) throws Exception {
        long ack = 0;
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = http.send(session(HttpRequest.newBuilder(base.resolve(path)), session)
                    .header("X-Duplex-Ack", Long.toString(ack)).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response::body);
            for (JsonElement frame : JsonParser.parseString(response.body()).getAsJsonArray()) {
                JsonObject f = frame.getAsJsonObject();
                if (f.has("seq")) {
                    ack = Math.max(ack, f.get("seq").getAsLong());
                }
                if (match.test(f)) {
                    return true;
                }
            }
        }
        return false;
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String string(JsonObject object, String member) {
        JsonElement value = object == null ? null : object.get(member);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
    }

    private static HttpRequest.Builder session(HttpRequest.Builder request, String[] session) {
        return request.header("X-Duplex-Session", session[0]).header("X-Duplex-Token", session[1]);
    }

    private static void send(WebSocket ws, String frame) throws Exception {
        ws.sendText(frame, true).get(REQUEST.toSeconds(), TimeUnit.SECONDS);
    }

    /** Every frame received on a WebSocket, single or batched, in order; and how it closed, if it did. */
    private static final class Frames implements WebSocket.Listener {
        private final List<JsonObject> received = new ArrayList<>();
        private final StringBuilder message = new StringBuilder();
        private String closed;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                JsonElement parsed = JsonParser.parseString(message.toString());
                message.setLength(0);
                synchronized (received) {
                    if (parsed.isJsonArray()) {
                        parsed.getAsJsonArray().forEach(f -> received.add(f.getAsJsonObject()));
                    } else {
                        received.add(parsed.getAsJsonObject());
                    }
                    received.notifyAll();
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            end("closed " + code + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            end("failed: " + error);
        }

        private void end(String how) {
            synchronized (received) {
                closed = how;
                received.notifyAll();
            }
        }

        /** The first frame received so far or within {@link #REQUEST} that matches. */
        JsonObject await(Predicate<JsonObject> match) throws InterruptedException {
            long deadline = System.nanoTime() + REQUEST.toNanos();
            synchronized (received) {
                while (true) {
                    for (JsonObject f : received) {
                        if (match.test(f)) {
                            return f;
                        }
                    }
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (closed != null || left <= 0) {
                        return fail("no matching frame; the WebSocket "
                                + (closed != null ? closed : "is still open") + "; received " + received);
                    }
                    received.wait(left);
                }
            }
        }
    }
}
