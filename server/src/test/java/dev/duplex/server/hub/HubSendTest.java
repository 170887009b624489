package dev.duplex.server.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Message;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code Hub.send(channelId, message)} and the cluster-wide listing on a single node: the channels are this
 * node's, and no response names a node unless one is configured.
 */
class HubSendTest {

    @Test
    void aSingleNodeSendsByIdAndListsItsOwnChannels() throws Exception {
        try (TestServer server = new TestServer(new RecordingHandler(), DuplexOptions.builder().build());
                WireClient client = new WireClient(server.mountUri(), server.origin())) {
            client.handshake();
            client.startLongPolling();
            assertTrue(server.hub().send(client.sid(), Message.json("\"by id\"")).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS));
            assertEquals("\"by id\"", ((Frame.Msg) client.next(10)).d());
            assertFalse(server.hub().send("nosuchchannel", Message.json("1")).toCompletableFuture()
                    .get(5, TimeUnit.SECONDS));
            assertEquals(Set.of(client.sid()), server.hub().clusterChannelIds().toCompletableFuture()
                    .get(5, TimeUnit.SECONDS));
            assertEquals(1, server.hub().clusterChannelCount().toCompletableFuture().get(5, TimeUnit.SECONDS));
            assertTrue(client.servedBy.isEmpty(), "no X-Duplex-Node without a node name: " + client.servedBy);
        }
    }
}
