package dev.duplex.client;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** The long-polling requests of PROTOCOL.md section 2: handshake, poll and send, on one {@link HttpClient}. */
final class HttpPipe {
    private static final AtomicLong COUNTER = new AtomicLong();

    private final HttpClient client;
    private final String mount;
    private String sid;
    private String token;

    HttpPipe(HttpClient client, URI mount) {
        this.client = client;
        String text = mount.toString();
        this.mount = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    HttpClient client() {
        return client;
    }

    /** {@code POST M/handshake}; the reply, or an {@link IOException} naming the server's error code. */
    JsonObject handshake(Duration timeout, List<String> protocols) throws IOException, InterruptedException {
        JsonObject body = new JsonObject();
        body.addProperty("v", 1);
        if (!protocols.isEmpty()) {
            body.add("protocols", Codec.GSON.toJsonTree(protocols));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(mount + "/handshake")).timeout(timeout)
                .header("Content-Type", "text/plain;charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(Codec.encode(body))).build();
        HttpResponse<String> response = client.send(request, body());
        if (response.statusCode() != 200) {
            throw new IOException("handshake refused: HTTP " + response.statusCode() + " " + response.body());
        }
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    void session(String newSid, String newToken) {
        sid = newSid;
        token = newToken;
    }

    /**
     * {@code GET M/poll} with the client's cumulative ack. Each poll has a query string no other request
     * carries (PROTOCOL.md section 2.2), so no cache or connection pool ever holds one poll behind another.
     */
    CompletableFuture<HttpResponse<String>> poll(long ack, boolean probe, Duration timeout) {
        String unique = Long.toString(System.currentTimeMillis(), 36) + COUNTER.incrementAndGet()
                + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        HttpRequest.Builder request = sessionRequest("/poll?t=" + unique, timeout)
                .header("X-Duplex-Ack", Long.toString(ack)).GET();
        if (probe) {
            request.header("X-Duplex-Probe", "1");
        }
        return client.sendAsync(request.build(), body());
    }

    /** {@code POST M/send} with a JSON array of client frames. */
    CompletableFuture<HttpResponse<String>> post(String batch, Duration timeout) {
        HttpRequest request = sessionRequest("/send", timeout)
                .header("Content-Type", "application/json;charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(batch, StandardCharsets.UTF_8)).build();
        return client.sendAsync(request, body());
    }

    /** {@code ws(s)://…/M/ws}. */
    URI webSocketUri() {
        return URI.create(mount.replaceFirst("^http", "ws") + "/ws");
    }

    private HttpRequest.Builder sessionRequest(String path, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(mount + path)).timeout(timeout)
                .header("X-Duplex-Session", sid).header("X-Duplex-Token", token);
    }

    private static HttpResponse.BodyHandler<String> body() {
        return HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8);
    }
}
