package dev.duplex.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.CloseReason;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.FrameCodec;
import dev.duplex.server.session.Session;
import dev.duplex.server.testing.Await;
import dev.duplex.server.testing.ManualScheduler;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestCluster;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import dev.duplex.server.websocket.WebSocketTransport;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Resume windows, overflow, heartbeats and expiry, on an injected clock: no test here sleeps to let time
 * pass. (Network round trips are still real, so assertions on them wait for a condition.)
 */
class RecoveryContractTest {
    private static final long WINDOW = 120_000;
    private static final long HEARTBEAT = 25_000;
    private static final long HEARTBEAT_TIMEOUT = 20_000;
    private static final long POLL = 25_000;
    private final ManualScheduler clock = new ManualScheduler();
    private final RecordingHandler handler = new RecordingHandler().silent();
    private TestServer server;
    private WireClient client;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(handler, DuplexOptions.builder().scheduler(() -> clock).replayMaxFrames(10).build());
        client = new WireClient(server.mountUri(), server.origin());
        client.handshake();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void aPollTheSweeperMissedIsAnsweredByTheContainerTimeoutWithAnEmptyBatchNotAnError() throws Exception {
        // The injected clock never moves here, so only the container's own async timeout (poll + two
        // sweeps of real time) can end the poll: the safety net must answer like the sweeper would.
        try (TestServer quick = new TestServer(handler, DuplexOptions.builder().scheduler(() -> clock)
                .pollTimeoutMillis(300).sweepIntervalMillis(100).build());
                WireClient polling = new WireClient(quick.mountUri(), quick.origin())) {
            polling.handshake();
            HttpResponse<String> poll = polling.request("/poll", "GET", null, Map.of("X-Duplex-Ack", "0"));
            assertEquals(200, poll.statusCode(), poll.body());
            assertEquals("[]", poll.body());
        }
    }

    /** Advances the clock in sweep-sized steps, so every sweep in between runs. */
    private void elapse(long millis) {
        for (long done = 0; done < millis; done += 1_000) {
            clock.advance(1_000);
        }
    }

    /** Cuts the transport and returns once the server has noticed: the resume window starts then. */
    private void cutAndWaitForDetach(Transport transport) throws InterruptedException {
        // start() returns once the poll loop runs, maybe before its first poll arrived; the session is open for
        // the application (onOpen, and so onClose later) only once a transport attached, so cut only then.
        Await.until("the transport attached", () -> server.hub().channel(client.sid()).map(Channel::transport)
                .map(t -> t != dev.duplex.server.api.TransportKind.NONE).orElse(false));
        transport.cut(client);
        if (transport == Transport.WEBSOCKET) {
            Await.until("the server saw the WebSocket go", this::detached);
        }
        // A cut long-poll client stops polling: its parked poll ends, and no poll follows within the timeout.
        // A poll the loop issued just before it stopped re-attaches the session, so wait for the loop too.
        for (int i = 0; i < 120 && (!detached() || client.pollerAlive()); i++) {
            clock.advance(1_000);
            Await.within(50, () -> detached() && !client.pollerAlive());
        }
        Await.until("detached", () -> detached() && !client.pollerAlive());
    }

    private boolean detached() {
        return server.hub().channel(client.sid()).map(Channel::transport)
                .map(t -> t == dev.duplex.server.api.TransportKind.NONE).orElse(false);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void resumeJustInsideTheWindowReplays(Transport transport) throws Exception {
        transport.start(client);
        cutAndWaitForDetach(transport);
        server.hub().channel(client.sid()).orElseThrow().send("kept");
        elapse(WINDOW - 2_000);
        transport.start(client);
        assertEquals("\"kept\"", ((Frame.Msg) client.next(10)).d());
        assertTrue(handler.closed.isEmpty());
    }

    // Single node: it reads the one hub's timers off the shared fake clock, which every node of a cluster uses.
    @Tag(TestCluster.SINGLE_NODE)
    @ParameterizedTest
    @EnumSource(Transport.class)
    void pastTheWindowTheSessionIsGoneAndSaysSo(Transport transport) throws Exception {
        transport.start(client);
        cutAndWaitForDetach(transport);
        elapse(WINDOW + 1_000);
        assertEquals(List.of(CloseReason.EXPIRED), handler.closed);
        assertEquals(0, server.hub().channelCount());
        HttpResponse<String> poll = client.request("/poll", "GET", null, Map.of("X-Duplex-Ack", "0"));
        assertEquals(404, poll.statusCode());
        assertTrue(poll.body().contains("\"unknown_session\""), poll.body());
        assertEquals(4404, client.helloCloseCode());
        assertEquals(List.of(), clock.pendingDueTimes(),
                "the session left no task behind, and the hub's timer wheel asks for no tick with nothing armed");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void overflowWhileAwayIsAnnouncedWithAResetThenTheRestArrives(Transport transport) throws Exception {
        transport.start(client);
        cutAndWaitForDetach(transport);
        Channel channel = server.hub().channel(client.sid()).orElseThrow();
        for (int i = 1; i <= 30; i++) {
            channel.send("m" + i);
        }
        transport.start(client);
        for (int i = 21; i <= 30; i++) {
            assertEquals("\"m" + i + "\"", ((Frame.Msg) client.next(10)).d());
        }
        assertEquals(List.of(new Frame.Reset("overflow", 1, 20, List.of())), client.resets);
        assertEquals(0, client.gaps.get());
        assertTrue(handler.closed.isEmpty(), "overflow costs messages, not the session");
    }

    /**
     * The injected clock jumps seconds in microseconds: let the server finish its write in real time first,
     * or the jump would look like a write stalled for seconds (a slow consumer, 4413).
     */
    private void awaitServerWriteDone() throws InterruptedException {
        Await.until("the server's write completed", () -> server.hub().channel(client.sid())
                .map(c -> ((Session) c).currentTransport()).map(t -> !((WebSocketTransport) t).writePending())
                .orElse(false));
    }

    @Test
    void aSilentWebSocketGetsPingsAndADeadOneIsClosedWithinHeartbeatPlusTimeout() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket ws = client.openWebSocket(new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                received.add(data.toString());
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                closed.complete(code);
                return null;
            }
        });
        ws.sendText(new FrameCodec().encode(new Frame.Hello(client.sid(), client.token(), 0)), true);
        Await.until("welcome", () -> received.stream().anyMatch(t -> t.contains("welcome")));
        awaitServerWriteDone();
        elapse(HEARTBEAT);
        try {
            Await.until("a ping after a heartbeat of silence",
                    () -> received.stream().anyMatch(t -> t.contains("ping")));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; received " + received + " closed " + closed.getNow(-1), e);
        }
        assertTrue(!closed.isDone());
        awaitServerWriteDone();
        elapse(HEARTBEAT_TIMEOUT);
        assertEquals(4408, closed.get(10, TimeUnit.SECONDS), "the peer that never answers is dropped");
        assertTrue(handler.closed.isEmpty(), "a dead transport is not a dead session");
    }

    @Test
    void aParkedPollIsAnsweredWithinThePollHold() throws Exception {
        CompletableFuture<HttpResponse<String>> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return client.request("/poll", "GET", null, Map.of("X-Duplex-Ack", "0"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until("poll parked", () -> server.hub().channel(client.sid()).map(Channel::transport)
                .map(t -> t == dev.duplex.server.api.TransportKind.LONG_POLLING).orElse(false));
        elapse(POLL - 2_000);
        assertTrue(!poll.isDone(), "held while there is nothing to say");
        elapse(2_000);
        HttpResponse<String> response = poll.get(10, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        assertEquals("[]", response.body());
    }
}
