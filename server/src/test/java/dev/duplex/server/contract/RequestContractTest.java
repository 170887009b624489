package dev.duplex.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Message;
import dev.duplex.server.api.RequestException;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.testing.Await;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Request/reply both ways on each transport (PROTOCOL.md section 3.4): answers, typed refusals, timeouts, a late
 * answer dropped, and a request whose answer crosses a cut or a switch, delivered once and run once.
 */
class RequestContractTest {
    private final Answering handler = new Answering();
    private TestServer server;
    private WireClient client;

    /** Answers {@code "ok"}, refuses {@code "refuse"}, fails on {@code "crash"}, holds the rest. */
    static final class Answering extends RecordingHandler {
        final List<String> asked = new CopyOnWriteArrayList<>();
        final CompletableFuture<Message> held = new CompletableFuture<>();

        @Override
        public CompletionStage<Message> onRequest(Channel channel, Message request) {
            asked.add(request.json());
            return switch (request.json()) {
                case "\"ok\"" -> CompletableFuture.completedFuture(Message.json("{\"re\":\"ok\"}"));
                case "\"refuse\"" -> throw new RequestException("not_found", "no such thing");
                case "\"refuse later\"" -> CompletableFuture.failedFuture(new RequestException("busy", "try later"));
                case "\"crash\"" -> throw new IllegalStateException("secret internals");
                default -> held;
            };
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(handler.silent(), DuplexOptions.defaults());
        client = new WireClient(server.mountUri(), server.origin());
        client.handshake();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    private long ask(String payloadJson) {
        return client.sendSequenced(seq -> new Frame.Req(seq, payloadJson));
    }

    private Frame.Res answer() throws InterruptedException {
        return assertInstanceOf(Frame.Res.class, client.next(10), client.describe());
    }

    private Channel channel() {
        return server.hub().channel(client.sid()).orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aClientRequestGetsItsAnswerOrATypedRefusal(Transport transport) throws Exception {
        transport.start(client);
        long ok = ask("\"ok\"");
        long refused = ask("\"refuse\"");
        long refusedLater = ask("\"refuse later\"");
        long crashed = ask("\"crash\"");
        assertEquals(new Frame.Res(1, ok, "{\"re\":\"ok\"}", null, null), answer());
        assertEquals(new Frame.Res(2, refused, null, "not_found", "no such thing"), answer());
        assertEquals(new Frame.Res(3, refusedLater, null, "busy", "try later"), answer());
        Frame.Res failure = answer();
        assertEquals(crashed, failure.ref());
        assertEquals("internal_error", failure.code());
        assertFalse(failure.message().contains("secret") || failure.message().contains("Exception"),
                "no internals reach the client: " + failure.message());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aHandlerWithoutOnRequestRefusesWithNoHandler(Transport transport) throws Exception {
        try (TestServer plain = new TestServer(new RecordingHandler(), DuplexOptions.defaults());
                WireClient asking = new WireClient(plain.mountUri(), plain.origin())) {
            asking.handshake();
            transport.start(asking);
            long seq = asking.sendSequenced(s -> new Frame.Req(s, "1"));
            Frame.Res res = assertInstanceOf(Frame.Res.class, asking.next(10));
            assertEquals(seq, res.ref());
            assertEquals("no_handler", res.code());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aServerRequestIsAnsweredRefusedOrTimedOutAndALateAnswerIsDropped(Transport transport) throws Exception {
        transport.start(client);
        Await.until("open", () -> server.hub().channel(client.sid()).isPresent() && !handler.opened.isEmpty());
        CompletableFuture<Message> answered = channel().request(Message.text("q1"), Duration.ofSeconds(10))
                .toCompletableFuture();
        Frame.Req q1 = assertInstanceOf(Frame.Req.class, client.next(10));
        assertEquals("\"q1\"", q1.d());
        client.sendSequenced(seq -> new Frame.Res(seq, q1.seq(), "{\"a\":1}", null, null));
        assertEquals(Message.json("{\"a\":1}"), answered.get(10, TimeUnit.SECONDS));

        CompletableFuture<Message> refused = channel().request(Message.text("q2"), Duration.ofSeconds(10))
                .toCompletableFuture();
        Frame.Req q2 = assertInstanceOf(Frame.Req.class, client.next(10));
        client.sendSequenced(seq -> new Frame.Res(seq, q2.seq(), null, "denied", "not you"));
        RequestException denied = failure(refused);
        assertEquals("denied", denied.code());
        assertEquals("not you", denied.getMessage());

        CompletableFuture<Message> late = channel().request(Message.text("q3"), Duration.ofMillis(200))
                .toCompletableFuture();
        Frame.Req q3 = assertInstanceOf(Frame.Req.class, client.next(10));
        assertEquals(RequestException.TIMEOUT, failure(late).code());
        client.sendSequenced(seq -> new Frame.Res(seq, q3.seq(), "\"too late\"", null, null));
        client.send("\"after\"");
        Await.until("the message after the late answer", () -> handler.messages.contains("\"after\""));
        assertEquals(RequestException.TIMEOUT, failure(late).code(), "the late answer changed nothing");
        assertTrue(channel().isOpen());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anAnswerCrossesACutAndTheRequestRunsOnce(Transport transport) throws Exception {
        transport.start(client);
        long seq = ask("\"held\"");
        Await.until("the handler has the request", () -> handler.asked.size() == 1);
        transport.cut(client);
        handler.held.complete(Message.text("answered while cut"));
        // The same request again, as a client that never saw the ack would re-send it: a duplicate, not run.
        HttpResponse<String> again = client.request("/send", "POST", "[{\"t\":\"req\",\"seq\":" + seq
                + ",\"d\":\"held\"}]", Map.of());
        assertEquals(200, again.statusCode(), again.body());
        transport.start(client);
        assertEquals(new Frame.Res(1, seq, "\"answered while cut\"", null, null), answer());
        assertEquals(List.of("\"held\""), handler.asked, "the handler ran once");
        assertNull(client.inbox.poll(300, TimeUnit.MILLISECONDS), "the answer came once");
        assertEquals(0, client.gaps.get()); // a re-sent frame is a duplicate on the wire, dropped by design
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aServerRequestSentDuringACutArrivesOnceAfterIt(Transport transport) throws Exception {
        transport.start(client);
        Await.until("open", () -> !handler.opened.isEmpty());
        transport.cut(client);
        CompletableFuture<Message> answer = channel().request(Message.text("while cut"), Duration.ofSeconds(10))
                .toCompletableFuture();
        Transport other = transport == Transport.WEBSOCKET ? Transport.LONG_POLLING : Transport.WEBSOCKET;
        other.start(client); // resumes on the other transport: a cut and a switch at once
        Frame.Req req = assertInstanceOf(Frame.Req.class, client.next(10));
        client.sendSequenced(seq -> new Frame.Res(seq, req.seq(), "\"fine\"", null, null));
        assertEquals(Message.text("fine"), answer.get(10, TimeUnit.SECONDS));
        assertNull(client.inbox.poll(300, TimeUnit.MILLISECONDS), "the request came once");
    }

    private static RequestException failure(CompletableFuture<Message> future) throws Exception {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return assertInstanceOf(RequestException.class, e.getCause());
        }
        throw new AssertionError("the request did not fail");
    }
}
