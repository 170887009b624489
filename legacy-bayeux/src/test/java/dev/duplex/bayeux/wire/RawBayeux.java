package dev.duplex.bayeux.wire;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A browser-like raw Bayeux client: one cookie jar, POSTs of JSON batches. */
final class RawBayeux {
    private final HttpClient http;
    private final String url;

    RawBayeux(String url) {
        this.url = url;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** POSTs {@code batch} with optional extra headers (name, value, name, value…). */
    HttpResponse<String> post(String batch, String... headers) throws IOException, InterruptedException {
        return http.send(request(batch, headers), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs {@code batch} without waiting for the response: a request the server may hold. */
    CompletableFuture<HttpResponse<String>> postAsync(String batch) {
        return http.sendAsync(request(batch), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String batch, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(batch));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.build();
    }

    /** GETs {@code query} below the mount. */
    HttpResponse<String> get(String query) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url + query)).timeout(Duration.ofSeconds(10)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The one reply of a 200 response, checked to be a JSON array. */
    static JsonObject only(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError("status " + response.statusCode() + ": " + response.body());
        }
        JsonArray replies = JsonParser.parseString(response.body()).getAsJsonArray();
        return replies.get(replies.size() - 1).getAsJsonObject();
    }

    /** Handshakes and returns the client id. */
    String handshake() throws IOException, InterruptedException {
        JsonObject reply = only(post("[{\"channel\":\"/meta/handshake\",\"version\":\"1.0\","
                + "\"supportedConnectionTypes\":[\"long-polling\"],\"id\":\"1\"}]"));
        if (!reply.get("successful").getAsBoolean()) {
            throw new AssertionError("handshake failed: " + reply);
        }
        return reply.get("clientId").getAsString();
    }
}
