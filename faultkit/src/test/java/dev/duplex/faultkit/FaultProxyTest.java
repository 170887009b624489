package dev.duplex.faultkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy in front of a plain JDK HTTP server (any application would do), driven by the JDK's HTTP and
 * WebSocket clients: each fault is visible to the client exactly as the documentation says.
 */
class FaultProxyTest {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicInteger served = new AtomicInteger();
    private HttpServer app;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        app.createContext("/", exchange -> {
            served.incrementAndGet();
            byte[] body = ("hello " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        app.start();
        proxy = FaultProxy.start(app.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        proxy.close();
        app.stop(0);
    }

    @Test
    void forwardsRequestsAndAddsLatency() throws Exception {
        assertEquals("hello /a", get("/a").body());
        proxy.delay(150);
        long started = System.nanoTime();
        assertEquals("hello /b", get("/b").body());
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        // At least the response's chunk was held back (the request head goes upstream as the proxy read it).
        assertTrue(elapsedMs >= 150, "took " + elapsedMs + " ms");
        proxy.heal();
        assertEquals(2, served.get());
    }

    @Test
    void swallowsResponsesTheServerWrote() throws Exception {
        proxy.dropResponses("/lost", 1.0, 42);
        // A POST: the JDK client would send a GET again by itself after a reset, and lose that answer too.
        assertThrows(IOException.class, () -> http.send(HttpRequest.newBuilder(URI.create(proxy.origin() + "/lost"))
                .POST(HttpRequest.BodyPublishers.ofString("order")).build(), HttpResponse.BodyHandlers.ofString()));
        assertEquals(1, served.get(), "the server answered; the client never saw it");
        assertEquals(1, proxy.responsesDropped());
        assertEquals("hello /kept", get("/kept").body(), "other paths pass");
    }

    @Test
    void refusesWebSocketUpgradesWith403() {
        proxy.mode(FaultProxy.Mode.REFUSE_UPGRADE);
        CompletionException failure = assertThrows(CompletionException.class, () -> openWebSocket().join());
        WebSocketHandshakeException refused = (WebSocketHandshakeException) failure.getCause();
        assertEquals(403, refused.getResponse().statusCode());
        assertEquals(1, proxy.upgradesRefused());
    }

    @Test
    void fakes101ThenForwardsNothing() throws Exception {
        proxy.mode(FaultProxy.Mode.FAKE_101);
        CompletableFuture<CharSequence> reply = new CompletableFuture<>();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + proxy.port() + "/ws"),
                new WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(WebSocket socket, CharSequence data,
                            boolean last) {
                        reply.complete(data);
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        ws.sendText("anyone there?", true).get(5, TimeUnit.SECONDS);
        assertThrows(TimeoutException.class, () -> reply.get(500, TimeUnit.MILLISECONDS));
        assertEquals(1, proxy.fake101s());
        ws.abort();
    }

    @Test
    void resetsLiveConnections() throws Exception {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            // A request head without its body: the server waits, the connection stays open through the proxy.
            client.getOutputStream().write(("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            awaitOpenConnections(1);
            assertEquals(1, proxy.kill(Kill.RST));
            InputStream in = client.getInputStream();
            client.setSoTimeout(5000);
            assertThrows(IOException.class, () -> {
                while (in.read() >= 0) {
                    // a reset ends the stream with an exception, not an orderly end
                }
                throw new AssertionError("orderly end of stream instead of a reset");
            });
        }
    }

    @Test
    void connectRefusingProxyRefusesTunnels() throws Exception {
        try (ConnectRefusingProxy forward = ConnectRefusingProxy.start();
                Socket client = new Socket(InetAddress.getLoopbackAddress(),
                        Integer.parseInt(forward.address().substring(forward.address().indexOf(':') + 1)))) {
            client.getOutputStream().write("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            String status = new String(client.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            assertEquals("HTTP/1.1 403", status);
            assertEquals(1, forward.refusedConnects("example.com:443"));
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(proxy.origin() + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<WebSocket> openWebSocket() {
        return http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + proxy.port() + "/ws"),
                new WebSocket.Listener() { });
    }

    private void awaitOpenConnections(int n) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (proxy.openConnections() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, proxy.openConnections());
    }
}
