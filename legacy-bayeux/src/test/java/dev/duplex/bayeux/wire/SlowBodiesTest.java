package dev.duplex.bayeux.wire;

import static dev.duplex.bayeux.wire.RawBayeux.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.duplex.bayeux.BayeuxOptions;
import dev.duplex.bayeux.testing.BayeuxServer;
import dev.duplex.bayeux.testing.ChatHandler;
import dev.duplex.server.api.DuplexOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies that crawl or overflow on the Bayeux mount: the servlet reads them without holding a thread, refuses one
 * that does not arrive within the hub's {@code bodyTimeoutMillis}, and still holds a {@code /meta/connect} for the
 * whole Bayeux timeout once its body is in.
 */
class SlowBodiesTest {
    /** More than Jetty's default pool of 200 threads. */
    private static final int SLOW_CONNECTIONS = 250;
    private static final String HANDSHAKE = "[{\"channel\":\"/meta/handshake\",\"version\":\"1.0\","
            + "\"supportedConnectionTypes\":[\"long-polling\"],\"id\":\"1\"}]";
    private BayeuxServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private void start(long bodyTimeoutMillis, long connectTimeoutMillis) throws Exception {
        server = new BayeuxServer(new ChatHandler(), DuplexOptions.builder()
                .maxPostBytes(16 * 1024).maxMessageChars(4_096)
                .bodyTimeoutMillis(bodyTimeoutMillis).build(),
                BayeuxOptions.defaults().withTimeoutMillis(connectTimeoutMillis));
    }

    private Socket open() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        socket.setSoTimeout(20_000);
        return socket;
    }

    private String head(int contentLength) {
        return "POST " + URI.create(server.bayeuxUrl()).getPath() + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n";
    }

    /** Reads one response head and as much body as arrives before the connection closes or 4 KiB are in. */
    private static String response(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
            bytes.write(buffer, 0, n);
            String text = bytes.toString(StandardCharsets.UTF_8);
            int bodyAt = text.indexOf("\r\n\r\n");
            if (bodyAt > 0 && text.indexOf(']', bodyAt) > 0) {
                return text;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aBodyThatNeverCompletesIsRefusedAtTheBodyTimeoutWithABayeuxError() throws Exception {
        start(300, 30_000);
        try (Socket socket = open()) {
            socket.getOutputStream().write((head(1000) + "[{\"channel\":").getBytes(StandardCharsets.UTF_8));
            String answer = response(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.contains("\"successful\":false"), answer);
            assertTrue(answer.contains("400::the request body did not arrive in time"), answer);
            assertTrue(answer.toLowerCase().contains("connection: close"), answer);
        }
    }

    @Test
    void aBodyPastMaxPostBytesIs413WithABayeuxError() throws Exception {
        start(10_000, 30_000);
        String body = "[" + " ".repeat(20 * 1024) + "]";
        try (Socket socket = open()) {
            socket.getOutputStream().write((head(body.length()) + body).getBytes(StandardCharsets.UTF_8));
            String answer = response(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("\"error\":\"413::"), answer);
        }
    }

    @Test
    void aConnectIsHeldForTheBayeuxTimeoutEvenWhenThatIsLongerThanTheBodyTimeout() throws Exception {
        start(200, 1_500);
        RawBayeux client = new RawBayeux(server.bayeuxUrl());
        String clientId = client.handshake();
        String connect = "[{\"channel\":\"/meta/connect\",\"connectionType\":\"long-polling\",\"id\":\"%d\","
                + "\"clientId\":\"" + clientId + "\"%s}]";
        assertTrue(only(client.post(connect.formatted(2, ",\"advice\":{\"timeout\":0}"))).get("successful")
                .getAsBoolean());
        long start = System.nanoTime();
        JsonObject held = only(client.post(connect.formatted(3, "")));
        long heldMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(held.get("successful").getAsBoolean(), "the held connect is answered normally: " + held);
        assertEquals("3", held.get("id").getAsString());
        // Held by the Bayeux timeout, not cut at the 200 ms body deadline (a lower bound, not a speed claim).
        assertTrue(heldMillis >= 1_000, "held only " + heldMillis + " ms");
    }

    @Test
    void slowBodiesHoldNoThreadPerConnection() throws Exception {
        start(60_000, 30_000);
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CONNECTIONS; i++) {
                Socket socket = open();
                socket.getOutputStream().write((head(1000) + "[{\"channel\":").getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                slow.add(socket);
            }
            CompletableFuture<String> control = CompletableFuture.supplyAsync(() -> {
                try {
                    return new RawBayeux(server.bayeuxUrl()).post(HANDSHAKE).body();
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            String answer = control.get(10, TimeUnit.SECONDS);
            assertTrue(answer.contains("\"successful\":true"), SLOW_CONNECTIONS
                    + " slow bodies starved a control handshake: " + answer);
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }
}
