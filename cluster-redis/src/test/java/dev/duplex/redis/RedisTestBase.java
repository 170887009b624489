package dev.duplex.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.testing.Await;
import dev.duplex.server.testing.WireClient;
import dev.duplex.testkit.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * What every test of sessions across nodes shares: a private {@code redis-server} for the class, the traffic
 * judge mounted on every node, and what to close after each test, in reverse order.
 */
abstract class RedisTestBase {
    static RedisServer redis;
    final List<AutoCloseable> closing = new ArrayList<>();
    final RoutedTraffic traffic = new RoutedTraffic();

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    /** A client of every node in turn, its session opened on node {@code first}, judged by {@link #traffic}. */
    WireClient client(Nodes nodes, int first) throws Exception {
        WireClient client = new WireClient(nodes.bases(), null).turnTo(first);
        closing.add(client);
        client.handshake();
        traffic.judge(client);
        return client;
    }

    /** {@code messages} exchanges on {@code client}, the server's sent through nodes 0 to {@code count - 1} in turn. */
    void exchange(WireClient client, Nodes nodes, int messages, int count) throws Exception {
        for (int i = 0; i < messages; i++) {
            traffic.exchange(client, nodes.hub(i % count));
        }
    }

    /**
     * A long-polling client whose session node 0 created, after {@code messages} exchanges judged clean, its poll
     * loop ended: nothing of the client's is in flight.
     */
    WireClient idleOnFirstNode(Nodes nodes, int messages) throws Exception {
        WireClient client = client(nodes, 0);
        client.startLongPolling();
        exchange(client, nodes, messages, nodes.size());
        traffic.awaitClean(client, "before the hand-off");
        // Not abandoned: an abandoned poll still reaches a node, or waits there, forwarded to node 0, and when node 0
        // lets the session go that poll takes it to its node, unseen by the test. So the loop stops after its last
        // poll, and one more message from the server answers that poll wherever it is; it is judged with the rest.
        client.stopLongPolling();
        assertTrue(traffic.serverSends(client, nodes.hub(0)).get(10, TimeUnit.SECONDS), "the session is on node 0");
        Await.until("the last poll answered", () -> !client.pollerAlive());
        return client;
    }

    /** {@code count} nodes, closed after the test. */
    Nodes nodes(int count) throws Exception {
        Nodes nodes = new Nodes(redis.uri(), count, traffic);
        closing.add(nodes);
        return nodes;
    }
}
