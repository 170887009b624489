package dev.duplex.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.duplex.testkit.DemoDeployment;
import dev.duplex.testkit.RedisServer;
import dev.duplex.testkit.ServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two demo WARs as separate JVMs, {@code java -jar duplex-demo.war --redis=… --node=…}, sharing a private
 * redis-server: a chat line said through one node reaches a member of the room on the other, and each node names
 * itself in {@code X-Duplex-Node}. The wire protocol only, no client library.
 */
class ClusterWarIT {
    private static final String LOBBY_CHANNEL = "duplex:{/chat:chat/lobby}:p";
    private static RedisServer redis;
    private static ServerProcess nodeA;
    private static ServerProcess nodeB;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        nodeA = ServerProcess.executableWar(DemoDeployment.war(), "--redis=" + redis.uri(), "--node=A");
        nodeB = ServerProcess.executableWar(DemoDeployment.war(), "--redis=" + redis.uri(), "--node=B");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable piece : new AutoCloseable[] {nodeA, nodeB, redis}) {
            try {
                if (piece != null) {
                    piece.close();
                }
            } catch (Exception e) {
                // the others still stop
            }
        }
    }

    @Test
    void theClusterModuleRidesBesideTheWebappNotInWebInf() throws Exception {
        try (JarFile jar = new JarFile(DemoDeployment.war().toFile())) {
            List<String> names = jar.stream().map(JarEntry::getName).toList();
            assertTrue(names.stream().anyMatch(n -> n.matches("launcher/redis/duplex-redis-.*\\.jar")), "duplex-redis");
            assertTrue(names.stream().anyMatch(n -> n.matches("launcher/redis/lettuce-core-.*\\.jar")), "Lettuce");
            assertEquals(List.of(), names.stream().filter(n -> n.startsWith("WEB-INF/lib/")
                    && (n.contains("redis") || n.contains("lettuce") || n.contains("netty"))).toList(),
                    "no container scans the cluster module's jars on every deployment");
        }
    }

    @Test
    void eachNodeNamesItselfInAResponseHeader() throws Exception {
        assertEquals("A", new WireClient(nodeA.base()).get("").headers().firstValue("X-Duplex-Node").orElse(""));
        assertEquals("B", new WireClient(nodeB.base()).get("").headers().firstValue("X-Duplex-Node").orElse(""));
    }

    @Test
    void aChatLineSaidThroughOneNodeReachesTheRoomOnTheOther() throws Exception {
        WireClient onA = new WireClient(nodeA.base());
        String[] listener = onA.handshake("chat");
        onA.post("chat/send", listener, "[{\"t\":\"sub\",\"seq\":1,\"topic\":\"chat/lobby\"}]");
        awaitRedisSubscribers(LOBBY_CHANNEL, 1);

        WireClient onB = new WireClient(nodeB.base());
        String[] speaker = onB.handshake("chat");
        onB.post("chat/send", speaker, "[{\"t\":\"sub\",\"seq\":1,\"topic\":\"chat/lobby\"},"
                + "{\"t\":\"msg\",\"seq\":2,\"d\":{\"type\":\"say\",\"room\":\"lobby\",\"text\":\"across nodes\"}}]");

        assertTrue(onA.pollUntil("chat/poll", listener, frame -> frame.has("topic")
                && "chat/lobby".equals(WireClient.string(frame, "topic"))
                && frame.has("d") && frame.get("d").isJsonObject() && said(frame.getAsJsonObject("d"), "across nodes")),
                "the line said on node B reaches the listener on node A");
    }

    private static boolean said(JsonObject event, String text) {
        return "say".equals(WireClient.string(event, "type")) && text.equals(WireClient.string(event, "text"));
    }

    /** A subscribe is in force cluster-wide once the node's Redis subscription is: wait for it. */
    private static void awaitRedisSubscribers(String channel, long count) throws InterruptedException {
        RedisClient client = RedisClient.create(redis.uri().toString());
        try {
            RedisCommands<String, String> commands = client.connect().sync();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (commands.pubsubNumsub(channel).get(channel) < count) {
                assertTrue(System.nanoTime() < deadline, "no Redis subscriber on " + channel);
                Thread.sleep(20);
            }
        } finally {
            client.shutdown();
        }
    }
}
