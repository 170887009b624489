package dev.duplex.server.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.testing.RawHttp;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies that lie or crawl: chunked past the limit, a Content-Length smaller than the body, and slowloris (many
 * connections that start a body or an upgrade head and then trickle). A slow client must not hold a server
 * thread per connection: a control session keeps working while more such connections are open than the
 * container has threads.
 */
class SlowAndLyingBodiesTest {
    private static final int MAX_BYTES = 64 * 1024;
    /** More than Jetty's default pool of 200 threads. */
    private static final int SLOW_CONNECTIONS = 250;
    private final RecordingHandler handler = new RecordingHandler();
    private TestServer server;
    private WireClient victim;

    @BeforeEach
    void start() throws Exception {
        // Slow bodies are given a minute here, so they are all still open while the control session is served.
        server = new TestServer(handler, DuplexOptions.builder().maxPostBytes(MAX_BYTES)
                .maxMessageChars(16_384).bodyTimeoutMillis(60_000)
                .build());
        victim = new WireClient(server.mountUri(), server.origin());
        victim.handshake();
    }

    @AfterEach
    void stop() throws Exception {
        victim.close();
        server.close();
    }

    private String head(String method, String path, String... headers) {
        return method + " " + server.mountUri().getPath() + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                + "\r\nX-Duplex-Session: " + victim.sid() + "\r\nX-Duplex-Token: " + victim.token()
                + (headers.length == 0 ? "" : "\r\n" + String.join("\r\n", headers));
    }

    @Test
    void aChunkedBodyPastTheLimitIs413() throws Exception {
        StringBuilder chunks = new StringBuilder();
        String chunk = "[" + " ".repeat(8190) + "]";
        for (int i = 0; i < 2 * MAX_BYTES / chunk.length(); i++) {
            chunks.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        chunks.append("0\r\n\r\n");
        RawHttp.Response response = RawHttp.exchange(server.port(), head("POST", "/send",
                "Transfer-Encoding: chunked", "Connection: close"), chunks.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(413, response.status(), response.body());
        assertTrue(response.body().startsWith("{\"error\":\"too_large\""), response.body());
    }

    @Test
    void aContentLengthShorterThanTheBodyProcessesOnlyWhatItDeclared() throws Exception {
        String declared = "[{\"t\":\"msg\",\"seq\":1,\"d\":1}]";
        String smuggled = "POST " + server.mountUri().getPath() + "/send HTTP/1.1\r\nHost: x\r\nX-Duplex-Session: "
                + victim.sid() + "\r\nX-Duplex-Token: " + victim.token() + "\r\nContent-Length: 28\r\n\r\n"
                + "[{\"t\":\"msg\",\"seq\":2,\"d\":2}]";
        try (Socket socket = RawHttp.connect(server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write((head("POST", "/send", "Content-Length: " + (declared.length() - 3)) + "\r\n\r\n" + declared
                    + smuggled).getBytes(StandardCharsets.UTF_8));
            out.flush();
            RawHttp.Response first = RawHttp.read(socket.getInputStream());
            assertEquals(400, first.status(), "the declared bytes are not a batch: " + first.body());
        }
        assertTrue(handler.messages.isEmpty(), "nothing was processed from the cut or the trailing bytes: "
                + handler.messages);
    }

    private String controlRoundTrip() {
        try (WireClient control = new WireClient(server.mountUri(), server.origin())) {
            control.handshake();
            control.startLongPolling();
            control.send("\"still served\"");
            return ((Frame.Msg) control.next(10)).d();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aBodyThatNeverCompletesIsRefusedAtTheBodyTimeout() throws Exception {
        try (TestServer strict = new TestServer(handler, DuplexOptions.builder().bodyTimeoutMillis(300).build());
                WireClient client = new WireClient(strict.mountUri(), null);
                Socket socket = RawHttp.connect(strict.port())) {
            client.handshake();
            socket.getOutputStream().write(("POST " + strict.mountUri().getPath() + "/send HTTP/1.1\r\nHost: x\r\n"
                    + "X-Duplex-Session: " + client.sid() + "\r\nX-Duplex-Token: " + client.token()
                    + "\r\nContent-Length: 1000\r\n\r\n[").getBytes(StandardCharsets.UTF_8));
            RawHttp.Response refused = RawHttp.read(socket.getInputStream());
            assertEquals(400, refused.status(), refused.body());
            assertTrue(refused.body().contains("did not arrive in time"), refused.body());
            assertEquals(List.of("close"), refused.header("connection"));
        }
    }

    @Test
    void slowBodiesAndSlowUpgradesHoldNoThreadPerConnection() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 2 * SLOW_CONNECTIONS; i++) {
                Socket socket = RawHttp.connect(server.port());
                String start = i < SLOW_CONNECTIONS
                        ? head("POST", "/send", "Content-Length: 1000") + "\r\n\r\n[{\"t\":"
                        : "GET " + server.mountUri().getPath() + "/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: web";
                socket.getOutputStream().write(start.getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                slow.add(socket);
            }
            // Within 10 s, well inside Jetty's 30 s idle timeout: the slow connections are all still open.
            CompletableFuture<String> echoed = CompletableFuture.supplyAsync(this::controlRoundTrip);
            assertEquals("\"still served\"", echoed.get(10, TimeUnit.SECONDS),
                    SLOW_CONNECTIONS + " slow bodies and as many slow upgrades starved the control session");
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }
}
