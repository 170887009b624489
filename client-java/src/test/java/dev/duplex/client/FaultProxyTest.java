package dev.duplex.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.testing.Await;
import dev.duplex.server.testing.TestServer;
import dev.duplex.faultkit.FaultProxy;
import dev.duplex.faultkit.Kill;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The client through faultkit's {@link FaultProxy}, which kills every live connection (close, RST) again and
 * again while messages flow both ways: nothing is lost, duplicated or reordered; and when the session is
 * gone or the server could not keep everything, the application is told, never left with a silent gap.
 */
class FaultProxyTest {
    private static final int MESSAGES = 200;
    private static final int KILLS = 12;

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void killsUnderTrafficBothWaysLoseDuplicateAndReorderNothing(ClientTransport transport) throws Exception {
        EchoHandler handler = new EchoHandler();
        try (TestServer server = new TestServer(handler, DuplexOptions.builder().pollTimeoutMillis(1000).build());
                FaultProxy proxy = FaultProxy.start(server.port())) {
            DuplexClient client = DuplexClient.connect(through(proxy), transport.options());
            Capture capture = Capture.of(client);
            // onOpen runs when the session's first transport attaches, just after connect returns.
            Await.until("the server opened the channel", () -> handler.channels.containsKey(client.id()));
            Channel channel = handler.channels.get(client.id());
            if (transport.upgrades()) {
                Await.until("the upgrade", () -> client.transport() == TransportKind.WEBSOCKET);
            }
            AtomicReference<Throwable> trafficFailure = new AtomicReference<>();
            Thread traffic = new Thread(() -> {
                try {
                    for (int i = 1; i <= MESSAGES; i++) {
                        assertTrue(client.send(i));
                        channel.send("s" + i);
                        Thread.sleep(5);
                    }
                } catch (Throwable e) {
                    trafficFailure.set(e);
                }
            });
            traffic.start();
            for (int k = 0; k < KILLS && traffic.isAlive(); k++) {
                Thread.sleep(60);
                proxy.kill(k % 2 == 0 ? Kill.CLOSE : Kill.RST);
            }
            traffic.join();
            assertEquals(null, trafficFailure.get());

            List<String> numbers = IntStream.rangeClosed(1, MESSAGES).mapToObj(Integer::toString).toList();
            List<String> pushes = IntStream.rangeClosed(1, MESSAGES).mapToObj(i -> "\"s" + i + "\"").toList();
            Await.until("every echo and push", () -> capture.direct().size() >= 2 * MESSAGES);
            Await.until("every frame acked", () -> client.bufferedAmount() == 0);
            assertEquals(numbers, handler.received(client.id()), "client to server: once each, in order");
            List<String> got = capture.direct();
            assertEquals(numbers, got.stream().filter(m -> !m.startsWith("\"s")).toList(), "echoes");
            assertEquals(pushes, got.stream().filter(m -> m.startsWith("\"s")).toList(), "server pushes");
            assertEquals(2 * MESSAGES, got.size());
            assertTrue(capture.resets.isEmpty() && capture.closes.isEmpty() && capture.errors.isEmpty(),
                    capture.resets + " " + capture.closes + " " + capture.errors);
            assertTrue(proxy.kills() >= 3, "the proxy killed connections " + proxy.kills() + " times");
            if (transport.upgrades()) {
                assertTrue(capture.transports.contains(TransportKind.LONG_POLLING), "a downgrade happened");
                Await.until("a re-upgrade", () -> client.transport() == TransportKind.WEBSOCKET);
            } else {
                assertEquals(List.of(), capture.transports, "never upgraded");
            }
            ClientContractTest.closeAndAwait(client, capture);
        }
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void anExpiredSessionIsReportedNotSilentlyReplaced(ClientTransport transport) throws Exception {
        EchoHandler handler = new EchoHandler();
        DuplexOptions options = DuplexOptions.builder().pollTimeoutMillis(1000).resumeWindowMillis(300)
                .heartbeatTimeoutMillis(200).sweepIntervalMillis(50).build();
        try (TestServer server = new TestServer(handler, options);
                FaultProxy proxy = FaultProxy.start(server.port())) {
            Connected connected = Connected.cutOffAfterARoundTrip(proxy, transport);
            DuplexClient client = connected.client();
            Capture capture = connected.capture();
            Await.until("the server expired the session", () -> handler.closed.containsKey(client.id()));
            proxy.retarget(server.port());
            Await.until("the close", () -> !capture.closes.isEmpty());
            CloseNotice close = capture.closes.get(0);
            assertEquals(4404, close.code(), close.toString());
            assertTrue(close.continuityLost());
            assertEquals("unknown_session", capture.errors.get(0).code());
            assertTrue(!client.isOpen() && !client.send("after"));
        }
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void anOverflowWhileAwayIsReportedAsAResetAndTheChannelGoesOn(ClientTransport transport) throws Exception {
        EchoHandler handler = new EchoHandler();
        // A 1 s heartbeat: a WebSocket probe that the cut leaves half-open on the client's side (the server saw it
        // end, the client's socket did not: seen in CI, the client then wrote to it for the rest of the test) is
        // given up after 2 s of silence, as any dead WebSocket is, well inside the round trip's 10 s.
        DuplexOptions options = DuplexOptions.builder().pollTimeoutMillis(1000).replayMaxFrames(5)
                .heartbeatMillis(1000).heartbeatTimeoutMillis(1000).build();
        try (TestServer server = new TestServer(handler, options);
                FaultProxy proxy = FaultProxy.start(server.port())) {
            Connected connected = Connected.cutOffAfterARoundTrip(proxy, transport);
            DuplexClient client = connected.client();
            Capture capture = connected.capture();
            // onOpen runs when the session's first transport attaches, just after connect returns.
            Await.until("the server opened the channel", () -> handler.channels.containsKey(client.id()));
            Channel channel = handler.channels.get(client.id());
            for (int i = 1; i <= 20; i++) {
                channel.send("s" + i);
            }
            proxy.retarget(server.port());
            Await.until("s20", () -> capture.direct().contains("\"s20\""));
            assertEquals(1, capture.resets.size(), capture.resets.toString());
            ResetNotice reset = capture.resets.get(0);
            long lost = reset.to() - reset.from() + 1;
            List<String> pushes = capture.direct().stream().filter(m -> m.startsWith("\"s")).toList();
            assertEquals(20, lost + pushes.size(), "every push arrived or was announced lost: " + pushes);
            List<String> tail = IntStream.rangeClosed((int) lost + 1, 20).mapToObj(i -> "\"s" + i + "\"").toList();
            assertEquals(tail, pushes, "the survivors, in order");
            ClientContractTest.roundTrip(client, capture, "after");
            assertTrue(client.isOpen());
            ClientContractTest.closeAndAwait(client, capture);
        }
    }

    /** A client that exchanged one message through the proxy, which then cut it off from the server. */
    private record Connected(DuplexClient client, Capture capture) {
        static Connected cutOffAfterARoundTrip(FaultProxy proxy, ClientTransport transport) throws Exception {
            DuplexClient client = DuplexClient.connect(through(proxy), transport.options());
            Capture capture = Capture.of(client);
            ClientContractTest.roundTrip(client, capture, "before");
            cutOff(proxy);
            return new Connected(client, capture);
        }
    }

    private static URI through(FaultProxy proxy) {
        return URI.create(proxy.origin() + TestServer.CONTEXT + TestServer.MOUNT);
    }

    /** Drops every connection and refuses new ones (until the proxy is retargeted back). */
    private static void cutOff(FaultProxy proxy) throws IOException {
        proxy.retarget(deadPort());
        proxy.cutAll();
    }

    /** A port nothing listens on: connections to it are refused. */
    private static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
