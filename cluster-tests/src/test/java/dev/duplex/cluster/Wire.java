package dev.duplex.cluster;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The wire protocol by hand (PROTOCOL.md), with {@code java.net.http} only: every answer keeps the node that gave
 * it ({@code X-Duplex-Node}), so a test can tell where each request of a session landed.
 */
final class Wire {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Wire() {
    }

    /** One answer: status, body, and the node that served it. */
    record Answer(int status, String body, String node) {
        JsonArray frames() {
            return JsonParser.parseString(body).getAsJsonArray();
        }

        JsonObject object() {
            return JsonParser.parseString(body).getAsJsonObject();
        }
    }

    /** A session's credentials, and the node that created it. */
    record Session(String sid, String token, String node) { }

    static Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(40)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(),
                response.headers().firstValue("X-Duplex-Node").orElse("?"));
    }

    static Session handshake(URI base, String mount) throws IOException, InterruptedException {
        Answer answer = send(HttpRequest.newBuilder(base.resolve(mount + "/handshake"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"v\":1}")));
        if (answer.status() != 200) {
            throw new AssertionError("handshake: " + answer);
        }
        JsonObject reply = answer.object();
        return new Session(reply.get("sid").getAsString(), reply.get("token").getAsString(), answer.node());
    }

    static Answer poll(URI base, String mount, Session session, long ack) throws IOException, InterruptedException {
        return send(sessionRequest(base.resolve(mount + "/poll"), session).header("X-Duplex-Ack", Long.toString(ack))
                .GET());
    }

    static CompletableFuture<HttpResponse<String>> pollAsync(URI base, String mount, Session session, long ack) {
        return HTTP.sendAsync(sessionRequest(base.resolve(mount + "/poll"), session)
                .header("X-Duplex-Ack", Long.toString(ack)).timeout(Duration.ofSeconds(40)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static Answer post(URI base, String mount, Session session, String batch) throws IOException, InterruptedException {
        return send(sessionRequest(base.resolve(mount + "/send"), session)
                .POST(HttpRequest.BodyPublishers.ofString(batch)));
    }

    private static HttpRequest.Builder sessionRequest(URI uri, Session session) {
        return HttpRequest.newBuilder(uri).header("X-Duplex-Session", session.sid())
                .header("X-Duplex-Token", session.token());
    }

    /** A session's WebSocket: every text message in order, and how it closed. */
    static final class Socket implements WebSocket.Listener {
        final List<String> texts = new CopyOnWriteArrayList<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket socket;

        Socket(URI base, String mount, Session session) throws Exception {
            socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(base.resolve(mount + "/ws").toString()
                    .replaceFirst("^http", "ws")), this).get(10, TimeUnit.SECONDS);
            text("{\"t\":\"hello\",\"sid\":\"" + session.sid() + "\",\"token\":\"" + session.token() + "\",\"ack\":0}");
        }

        void text(String message) throws Exception {
            synchronized (socket) {
                socket.sendText(message, true).get(10, TimeUnit.SECONDS);
            }
        }

        /** Every frame received so far, batches unpacked, in order. */
        List<JsonObject> frames() {
            List<JsonObject> frames = new ArrayList<>();
            for (String text : texts) {
                JsonElement element = JsonParser.parseString(text);
                if (element.isJsonArray()) {
                    element.getAsJsonArray().forEach(frame -> frames.add(frame.getAsJsonObject()));
                } else {
                    frames.add(element.getAsJsonObject());
                }
            }
            return frames;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int code, String reason) {
            closed.complete(code + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete("error " + error);
        }
    }
}
