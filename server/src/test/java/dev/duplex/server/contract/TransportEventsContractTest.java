package dev.duplex.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.CloseReason;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.TransportKind;
import dev.duplex.server.testing.Await;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestCluster;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the handler is told about transports: {@code onOpen} sees the first one, and {@code onTransport} every
 * attach, switch (upgrade, downgrade) and loss, with a reason, in order, between {@code onOpen} and
 * {@code onClose}.
 */
class TransportEventsContractTest {

    /** Records the lifecycle as one ordered list of lines. */
    static final class LifecycleRecorder extends RecordingHandler {
        final List<String> lifecycle = new CopyOnWriteArrayList<>();

        @Override
        public void onOpen(Channel channel) {
            super.onOpen(channel);
            lifecycle.add("open on " + channel.transport());
        }

        @Override
        public void onTransport(Channel channel, TransportKind from, TransportKind to, String reason) {
            lifecycle.add(from + ">" + to + ": " + reason);
        }

        @Override
        public void onClose(Channel channel, CloseReason reason) {
            super.onClose(channel, reason);
            lifecycle.add("close");
        }

        void awaitSize(int size) throws InterruptedException {
            Await.until(size + " lifecycle events, have " + lifecycle, () -> lifecycle.size() >= size);
        }
    }

    private static TransportKind kind(Transport transport) {
        return transport == Transport.WEBSOCKET ? TransportKind.WEBSOCKET : TransportKind.LONG_POLLING;
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void onOpenSeesTheTransportAndEveryChangeIsReportedWithItsReason(Transport first) throws Exception {
        Transport other = first == Transport.WEBSOCKET ? Transport.LONG_POLLING : Transport.WEBSOCKET;
        LifecycleRecorder handler = new LifecycleRecorder();
        // Short poll holds and heartbeat timeout, so a client that stops polling is noticed within 2 s.
        DuplexOptions options = DuplexOptions.builder().pollTimeoutMillis(1_000).heartbeatTimeoutMillis(500)
                .sweepIntervalMillis(50).build();
        TestServer server = new TestServer(handler, options);
        try (WireClient client = new WireClient(server.mountUri(), server.origin())) {
            client.handshake();
            assertTrue(handler.lifecycle.isEmpty(), "nothing before a transport attaches: " + handler.lifecycle);

            first.start(client);
            handler.awaitSize(2);
            assertEquals(List.of("open on " + kind(first), "NONE>" + kind(first) + ": open"), handler.lifecycle);

            other.start(client);
            handler.awaitSize(3);
            String change = first == Transport.LONG_POLLING ? "upgrade" : "downgrade";
            assertEquals(kind(first) + ">" + kind(other) + ": " + change, handler.lifecycle.get(2));

            other.cut(client);
            handler.awaitSize(4);
            assertTrue(handler.lifecycle.get(3).startsWith(kind(other) + ">NONE: "), handler.lifecycle.get(3));

            first.start(client);
            handler.awaitSize(5);
            assertEquals("NONE>" + kind(first) + ": resume", handler.lifecycle.get(4));
            assertEquals(kind(first), server.hub().channel(client.sid()).map(Channel::transport).orElseThrow());
        } finally {
            server.close();
        }
    }

    // Single node: a stopping node of a cluster hands its sessions off to another instead of closing them
    // (docs/cluster.md), so the handler sees neither the loss nor the close.
    @Tag(TestCluster.SINGLE_NODE)
    @ParameterizedTest
    @EnumSource(Transport.class)
    void onShutdownTheTransportsLossIsReportedThenTheCloseAndNothingAfter(Transport transport) throws Exception {
        LifecycleRecorder handler = new LifecycleRecorder();
        TestServer server = new TestServer(handler, DuplexOptions.defaults());
        try (WireClient client = new WireClient(server.mountUri(), server.origin())) {
            client.handshake();
            transport.start(client);
            handler.awaitSize(2);
        } finally {
            server.close();
        }
        // On shutdown the container may close the WebSocket before the mount closes the session: either way the
        // transport's loss is reported, then the close, and nothing after.
        handler.awaitSize(4);
        assertTrue(handler.lifecycle.get(2).startsWith(kind(transport) + ">NONE: "), handler.lifecycle.toString());
        assertEquals("close", handler.lifecycle.get(3));
        assertEquals(4, handler.lifecycle.size(), handler.lifecycle.toString());
    }
}
