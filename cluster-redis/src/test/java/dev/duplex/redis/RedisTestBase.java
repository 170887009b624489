package dev.duplex.redis;

import dev.duplex.testkit.RedisServer;
import java.util.ArrayList;
import java.util.List;
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

    /** {@code count} nodes, closed after the test. */
    Nodes nodes(int count) throws Exception {
        Nodes nodes = new Nodes(redis.uri(), count, traffic);
        closing.add(nodes);
        return nodes;
    }
}
