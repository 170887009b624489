package dev.duplex.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Message;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.WireClient;
import dev.duplex.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A subscription is acknowledged only once the cluster delivers the topic to the subscriber's node: a publish made
 * on any node after the client saw its {@code suback} reaches it. (Redis confirms a node's {@code SUBSCRIBE}
 * asynchronously; the ack used to go out at once, so a publish from another node in between was missed.)
 */
class SubscribeAckTest {

    @Test
    void theAckWaitsForRedisToConfirmTheSubscriptionAndALaterPublishAnywhereArrives() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            String mount = "/ack" + System.nanoTime();
            DuplexOptions options = DuplexOptions.builder().cluster(redis.uri().toString()).build();
            RedisClient admin = RedisClient.create(redis.uri().toString());
            try (ClusterNode a = new ClusterNode(mount, new RecordingHandler(), options, null);
                    ClusterNode b = new ClusterNode(mount, new RecordingHandler(), options, null);
                    WireClient client = new WireClient(b.mountUri(), b.origin());
                    StatefulRedisConnection<String, String> connection = admin.connect()) {
                client.handshake();
                client.startLongPolling();
                // Redis answers nobody for 1.5 s: node B's SUBSCRIBE waits, and so must the client's ack.
                connection.sync().clientPause(1_500);
                long ref = client.sendSequenced(seq -> new Frame.Sub(seq, "news/world"));
                assertNull(client.inbox.poll(700, TimeUnit.MILLISECONDS),
                        "no suback while Redis has not confirmed the subscription");
                Frame.SubAck ack = assertInstanceOf(Frame.SubAck.class, client.next(10));
                assertEquals(ref, ack.ref());
                a.hub().publish("news/world", Message.text("right after the ack, on the other node"));
                Frame.Msg delivered = assertInstanceOf(Frame.Msg.class, client.next(10));
                assertEquals("\"right after the ack, on the other node\"", delivered.d());
            } finally {
                admin.shutdown();
            }
        }
    }
}
