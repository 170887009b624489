package dev.duplex.faultkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The README's example, compiled and run: a user's client code, unchanged, tested against its real server
 * through the proxy, which loses half the answers, slows the link and resets connections.
 */
class BrokenNetworkExampleTest {
    private HttpServer priceApi;

    @BeforeEach
    void startPriceApi() throws IOException {
        priceApi = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        priceApi.createContext("/price", exchange -> {
            byte[] body = "100".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        priceApi.start();
    }

    @AfterEach
    void stopPriceApi() {
        priceApi.stop(0);
    }

    @Test
    void survivesLostAnswersAndCuts() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(priceApi.getAddress().getPort())) {
            PriceClient client = new PriceClient(URI.create(proxy.origin()));

            proxy.dropResponses("/price", 0.5, 1);
            assertEquals(100, client.priceWithRetries("ACME"));
            assertEquals(100, client.priceWithRetries("ACME"));
            assertTrue(proxy.responsesDropped() > 0, "the fault really happened: " + proxy.events());

            proxy.heal();
            proxy.delay(200);
            assertEquals(100, client.priceWithRetries("ACME"));

            proxy.kill(Kill.RST);
            assertEquals(100, client.priceWithRetries("ACME"));
        }
    }

    /** The application code under test: a client that retries a failed request a few times. */
    static final class PriceClient {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final URI base;

        PriceClient(URI base) {
            this.base = base;
        }

        int priceWithRetries(String symbol) throws IOException, InterruptedException {
            IOException last = null;
            for (int attempt = 0; attempt < 8; attempt++) {
                try {
                    HttpRequest request = HttpRequest.newBuilder(base.resolve("/price?symbol=" + symbol))
                            .timeout(Duration.ofSeconds(5)).build();
                    return Integer.parseInt(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
                } catch (IOException e) {
                    last = e;
                }
            }
            throw last;
        }
    }
}
