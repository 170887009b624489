package dev.duplex.redis;

import dev.duplex.server.testing.TestCluster;
import dev.duplex.testkit.Nginx;
import dev.duplex.testkit.RedisServer;
import java.util.List;

/**
 * The server's contract suite on a cluster (issue 14): each of its test servers becomes two nodes on a
 * {@code redis-server} of their own, behind nginx round-robin without stickiness, so consecutive requests of a
 * session land on both nodes and every request the other node gets is forwarded to the session's owner, and a
 * WebSocket pulls the session to its node. Found by {@link java.util.ServiceLoader} when the module's
 * {@code contract-on-cluster} run sets {@value TestCluster#ENABLED}.
 */
public final class RedisTestCluster implements TestCluster {
    /** A node is gone after this long without a heartbeat; short so that tests stopping nodes end soon. */
    private static final long NODE_TIMEOUT_MILLIS = 3_000;

    @Override
    public int size() {
        return 2;
    }

    @Override
    public Store store() {
        RedisServer redis = RedisServer.start();
        return new Store() {
            @Override
            public String clusterOption(String node) {
                return redis.uri() + "?node=" + node + "&nodeTimeoutMillis=" + NODE_TIMEOUT_MILLIS;
            }

            @Override
            public Front front(List<Integer> nodePorts) {
                Nginx nginx = Nginx.roundRobin(nodePorts);
                return new Front() {
                    @Override
                    public int port() {
                        return nginx.port();
                    }

                    @Override
                    public void close() {
                        nginx.close();
                    }
                };
            }

            @Override
            public void close() {
                redis.close();
            }
        };
    }
}
