package dev.duplex.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.duplex.server.api.CloseReason;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.TransportKind;
import dev.duplex.server.session.SessionHandoff;
import dev.duplex.server.testing.Await;
import dev.duplex.server.testing.HandoffBroker;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node that stops gracefully (issue 14 item 4, PROTOCOL.md section 5): a real Jetty stops its web application
 * while the connections are open. Before this, a parked poll got Jetty's HTML 500 and a WebSocket closed 1006.
 */
class GracefulStopTest {
    private static final Pattern AWAY = Pattern.compile("\\{\"t\":\"away\",\"retry\":(\\d+)}");
    private static final String PAGE = "http://page.example";
    private final HttpClient http = HttpClient.newHttpClient();
    private final RecordingHandler handler = new RecordingHandler();

    @AfterEach
    void noHandOff() {
        HandoffBroker.next = SessionHandoff.NONE;
    }

    @Test
    void aParkedPollAndAWebSocketAreToldToComeBackInsteadOfA500AndA1006() throws Exception {
        TestServer server = new TestServer(handler, DuplexOptions.builder().stopRetryMinMillis(700)
                .stopRetryMaxMillis(900).build());
        String[] polling = handshake(server.mountUri());
        CompletableFuture<HttpResponse<String>> poll = poll(server.mountUri(), polling, null);
        Socket socket = new Socket(server.mountUri(), handshake(server.mountUri()));
        Await.until("both sessions attached", () -> handler.opened.size() == 2);
        Await.until("the poll parked", () -> server.hub().channel(polling[0]).orElseThrow().transport()
                == TransportKind.LONG_POLLING);

        server.stopApplicationFirst();

        HttpResponse<String> answer = poll.get(10, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("application/json;charset=utf-8", answer.headers().firstValue("Content-Type").orElseThrow());
        Matcher away = Pattern.compile("\\[" + AWAY.pattern() + "]").matcher(answer.body());
        assertTrue(away.matches(), answer.body());
        assertRetryWithin(Long.parseLong(away.group(1)), 700, 900);

        assertEquals("1001 server shutting down", socket.closed.get(10, TimeUnit.SECONDS));
        String last = socket.texts.get(socket.texts.size() - 1);
        Matcher wsAway = AWAY.matcher(last);
        assertTrue(wsAway.matches(), socket.texts.toString());
        assertRetryWithin(Long.parseLong(wsAway.group(1)), 700, 900);
        // A single node: the sessions end with it, and the application hears so.
        Await.until("both closes", () -> handler.closed.size() == 2);
        assertEquals(List.of(CloseReason.SHUTDOWN, CloseReason.SHUTDOWN), handler.closed);
    }

    @Test
    void newRequestsGet503ShuttingDownWithAdviceAndHandedOffSessionsEndWithoutAClose() throws Exception {
        TestServer server = new TestServer(handler, DuplexOptions.builder().cluster(HandoffBroker.URI)
                .allowedOrigins(PAGE).stopRetryMinMillis(1_500).stopRetryMaxMillis(2_500)
                // Longer than the refusals below take: the hand-off must not time out while the test holds it.
                .stopGraceMillis(10_000).build());
        String[] kept = handshake(server.mountUri());
        String[] handedOff = handshake(server.mountUri());
        Socket keptSocket = new Socket(server.mountUri(), kept);
        Socket handedOffSocket = new Socket(server.mountUri(), handedOff);
        Await.until("both sessions attached", () -> handler.opened.size() == 2);
        CountDownLatch inHandOff = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> offered = new CopyOnWriteArrayList<>();
        HandoffBroker.next = sessions -> {
            sessions.forEach(session -> offered.add(session.id()));
            inHandOff.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Set.copyOf(sessions.stream().filter(s -> s.id().equals(handedOff[0])).toList());
        };
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
            try {
                server.stopDuplexFirst();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(inHandOff.await(10, TimeUnit.SECONDS), "the hand-off runs");
        assertEquals(Set.of(kept[0], handedOff[0]), Set.copyOf(offered));

        URI mount = server.mountUri();
        assertShuttingDown(http.send(HttpRequest.newBuilder(URI.create(mount + "/handshake"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"v\":1}")).build(), HttpResponse.BodyHandlers.ofString()));
        HttpResponse<String> refusedPoll = poll(mount, kept, PAGE).get(10, TimeUnit.SECONDS);
        assertShuttingDown(refusedPoll);
        assertEquals(PAGE, refusedPoll.headers().firstValue("Access-Control-Allow-Origin").orElse(null),
                "a page can read the advice");
        assertShuttingDown(http.send(sessionRequest(mount + "/send", kept).POST(HttpRequest.BodyPublishers
                .ofString("[{\"t\":\"msg\",\"seq\":1,\"d\":1}]")).build(), HttpResponse.BodyHandlers.ofString()));
        ExecutionException upgrade = assertThrows(ExecutionException.class,
                () -> new Socket(mount, kept));
        assertEquals(503, assertInstanceOf(WebSocketHandshakeException.class, upgrade.getCause())
                .getResponse().statusCode());
        assertTrue(handler.closed.isEmpty(), "nothing ends before the hand-off returns: " + handler.closed);

        release.countDown();
        stopped.get(10, TimeUnit.SECONDS);
        for (Socket socket : List.of(keptSocket, handedOffSocket)) {
            assertEquals("1001 server shutting down", socket.closed.get(10, TimeUnit.SECONDS), socket.texts::toString);
            Matcher away = AWAY.matcher(socket.texts.get(socket.texts.size() - 1));
            assertTrue(away.matches(), socket.texts.toString());
            assertRetryWithin(Long.parseLong(away.group(1)), 1_500, 2_500);
        }
        // The session the hand-off took lives on elsewhere: this node's handler hears only the other close.
        assertEquals(List.of(CloseReason.SHUTDOWN), handler.closed);
    }

    private static void assertShuttingDown(HttpResponse<String> response) {
        assertEquals(503, response.statusCode(), response.body());
        JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
        assertEquals("shutting_down", body.get("error").getAsString());
        assertTrue(body.has("message"), response.body());
        long retry = body.get("retry").getAsLong();
        assertRetryWithin(retry, 1_500, 2_500);
        assertEquals(Long.toString((retry + 999) / 1000), response.headers().firstValue("Retry-After").orElseThrow());
    }

    private static void assertRetryWithin(long retry, long min, long max) {
        assertTrue(retry >= min && retry <= max, "retry " + retry + " within [" + min + ", " + max + "]");
    }

    private String[] handshake(URI mount) throws Exception {
        HttpResponse<String> hs = http.send(HttpRequest.newBuilder(URI.create(mount + "/handshake"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"v\":1}")).build(), HttpResponse.BodyHandlers.ofString());
        JsonObject json = JsonParser.parseString(hs.body()).getAsJsonObject();
        return new String[] {json.get("sid").getAsString(), json.get("token").getAsString()};
    }

    private static HttpRequest.Builder sessionRequest(String uri, String[] session) {
        return HttpRequest.newBuilder(URI.create(uri)).header("X-Duplex-Session", session[0])
                .header("X-Duplex-Token", session[1]);
    }

    private CompletableFuture<HttpResponse<String>> poll(URI mount, String[] session, String origin) {
        HttpRequest.Builder request = sessionRequest(mount + "/poll", session).header("X-Duplex-Ack", "0").GET();
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A session's WebSocket: every text message it receives, and how it closed. */
    private final class Socket implements WebSocket.Listener {
        final List<String> texts = new CopyOnWriteArrayList<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();

        Socket(URI mount, String[] session) throws Exception {
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(mount.toString()
                    .replaceFirst("^http", "ws") + "/ws"), this).get(10, TimeUnit.SECONDS);
            socket.sendText("{\"t\":\"hello\",\"sid\":\"" + session[0] + "\",\"token\":\"" + session[1]
                    + "\",\"ack\":0}", true);
            Await.until("welcome", () -> !texts.isEmpty());
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            texts.add(data.toString());
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            closed.complete(code + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.complete("error " + error);
        }
    }
}
