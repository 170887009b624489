package dev.duplex.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Hub;
import dev.duplex.server.api.Message;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.testing.Await;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.WireClient;
import dev.duplex.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Duplex nodes in one JVM, each a real Jetty on an ephemeral port, sharing a real redis-server: topics are
 * cluster-wide, in publisher order, and every gap (pub/sub connection lost, Redis frozen, Redis restarted empty) is
 * either filled from history or announced as a {@code topic_gap} reset naming the topic, never silent.
 */
class ClusterTopicsTest {
    private static final String TOPIC = "news/world";
    private static RedisServer redisServer;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private RedisCommands<String, String> admin;
    private StatefulRedisConnection<String, String> adminConnection;

    @BeforeAll
    static void startRedis() {
        redisServer = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redisServer.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private RedisCommands<String, String> admin() {
        if (admin == null) {
            RedisClient client = RedisClient.create(redisServer.uri().toString());
            adminConnection = client.connect();
            closing.add(client::shutdown);
            admin = adminConnection.sync();
        }
        return admin;
    }

    private io.lettuce.core.api.async.RedisAsyncCommands<String, String> adminAsync() {
        admin();
        return adminConnection.async();
    }

    /** Two nodes of one mount (a mount of its own, so no test sees another's topics), {@code query} on the URI. */
    private ClusterNode[] nodes(String query) throws Exception {
        String mount = "/test" + System.nanoTime();
        DuplexOptions options = DuplexOptions.builder().cluster(redisServer.uri() + query).build();
        ClusterNode[] nodes = new ClusterNode[2];
        for (int i = 0; i < 2; i++) {
            nodes[i] = new ClusterNode(mount, new RecordingHandler(), options, null);
            closing.add(nodes[i]);
        }
        return nodes;
    }

    /** Two nodes of one mount, a subscriber on each. */
    private record Subscribed(ClusterNode a, ClusterNode b, TopicOracle onA, TopicOracle onB) {
        /** Publishes {@code A:n} on node a. */
        void publish(long n) {
            a.hub().publish(TOPIC, publication("A", n));
        }

        /** Publishes {@code A:n} on node a and waits until both subscribers have it. */
        void publishAndAwait(long n) throws InterruptedException {
            publish(n);
            Await.until("publication " + n + " on both nodes", () -> onA.has("A", n) && onB.has("A", n));
        }

        void check() {
            onA.check();
            onB.check();
        }
    }

    /** Two nodes, a subscriber on each (on WebSocket where asked, else long-polling), subscribed in Redis too. */
    private Subscribed subscribed(String query, boolean aOnWebSocket, boolean bOnWebSocket) throws Exception {
        ClusterNode[] nodes = nodes(query);
        TopicOracle onA = subscriber(nodes[0], aOnWebSocket);
        TopicOracle onB = subscriber(nodes[1], bOnWebSocket);
        awaitChannelSubscribers(2);
        return new Subscribed(nodes[0], nodes[1], onA, onB);
    }

    /** A client of {@code node} subscribed to the topic, long-polling or on a WebSocket, with its oracle. */
    private TopicOracle subscriber(ClusterNode node, boolean webSocket) throws Exception {
        TopicOracle oracle = new TopicOracle(TOPIC);
        WireClient client = new WireClient(node.mountUri(), node.origin()).observe(oracle);
        closing.add(client);
        client.handshake();
        if (webSocket) {
            client.startWebSocket();
        } else {
            client.startLongPolling();
        }
        client.sendSequenced(seq -> new Frame.Sub(seq, TOPIC));
        assertTrue(client.next(10) instanceof Frame.SubAck, client.describe());
        return oracle;
    }

    /** Waits until {@code nodes} Redis subscriptions to the topic's channel are in force. */
    private void awaitChannelSubscribers(int nodes) throws InterruptedException {
        Await.until(nodes + " nodes subscribed in Redis", () -> admin().pubsubChannels("*" + TOPIC + "}:p")
                .stream().mapToLong(channel -> admin().pubsubNumsub(channel).get(channel)).sum() == nodes);
    }

    private static Message publication(String publisher, long n) {
        return Message.json("{\"p\":\"" + publisher + "\",\"n\":" + n + "}");
    }

    private static Thread publishing(Hub hub, String publisher, int count) {
        Thread thread = new Thread(() -> {
            for (int n = 1; n <= count; n++) {
                hub.publish(TOPIC, publication(publisher, n));
            }
        }, "publisher-" + publisher);
        thread.start();
        return thread;
    }

    @Test
    void publishesFromEveryNodeReachEverySubscriberInPublisherOrder() throws Exception {
        Subscribed cluster = subscribed("", false, true);
        // Redis knows no script now, as after a restart: the publishes must keep their order all the same.
        admin().scriptFlush();
        Thread a = publishing(cluster.a().hub(), "A", 300);
        Thread b = publishing(cluster.b().hub(), "B", 300);
        a.join();
        b.join();
        for (TopicOracle oracle : List.of(cluster.onA(), cluster.onB())) {
            Await.until("600 publications", () -> oracle.received("A") == 300 && oracle.received("B") == 300);
            oracle.check();
            assertEquals(0, oracle.resets(), oracle.events().toString());
        }
        assertEquals(cluster.onA().events(), cluster.onB().events(),
                "every subscriber sees the topic's publishes in one order");
    }

    @Test
    void aClientPublishOnOneNodeReachesSubscribersOnTheOther() throws Exception {
        ClusterNode[] nodes = nodes("");
        TopicOracle onB = subscriber(nodes[1], false);
        awaitChannelSubscribers(1);
        WireClient publisher = new WireClient(nodes[0].mountUri(), nodes[0].origin());
        closing.add(publisher);
        publisher.handshake();
        publisher.startWebSocket();
        for (int n = 1; n <= 20; n++) {
            long number = n;
            publisher.sendSequenced(seq -> new Frame.Pub(seq, TOPIC, "{\"p\":\"C\",\"n\":" + number + "}"));
        }
        Await.until("20 client publications on the other node", () -> onB.received("C") == 20);
        onB.check();
    }

    @Test
    void aLostPubSubConnectionIsFilledFromHistoryWithoutAReset() throws Exception {
        ClusterNode[] nodes = nodes("");
        TopicOracle onB = subscriber(nodes[1], false);
        awaitChannelSubscribers(1);
        Thread a = new Thread(() -> {
            for (int n = 1; n <= 60; n++) {
                nodes[0].hub().publish(TOPIC, publication("A", n));
                sleep(5);
            }
        });
        a.start();
        Await.until("the first publications", () -> onB.received("A") >= 10);
        // Redis drops the subscribers' connections; whatever is published until Lettuce has subscribed again is
        // lost to pub/sub and must come back from the topic's history.
        assertTrue(admin().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub()) >= 1);
        a.join();
        Await.until("all 60 publications", () -> onB.received("A") == 60);
        onB.check();
        assertEquals(0, onB.resets(), onB.events().toString());
    }

    /**
     * Publications 11 to 40 go into the topic's offsets and history but not to pub/sub (the script is pointed at
     * another channel), exactly what a subscriber misses while its connection is down: 41 arrives after 10.
     */
    private Subscribed holeOf30(String query) throws Exception {
        Subscribed cluster = subscribed(query, false, true);
        for (int n = 1; n < 10; n++) {
            cluster.publish(n);
        }
        cluster.publishAndAwait(10);
        Keys keys = new Keys(cluster.a().namespace());
        LuaScript publish = LuaScript.load("publish.lua", io.lettuce.core.ScriptOutputType.INTEGER);
        for (int n = 11; n <= 40; n++) {
            publish.runInOrder(adminAsync(), new String[] {keys.meta(TOPIC), keys.history(TOPIC)}, "nobody-listens",
                    publication("A", n).json(), "100", "300", "86400").toCompletableFuture().get();
        }
        cluster.publishAndAwait(41);
        cluster.check();
        return cluster;
    }

    @Test
    void aHoleInATopicIsFilledFromHistory() throws Exception {
        Subscribed cluster = holeOf30("");
        for (TopicOracle oracle : List.of(cluster.onA(), cluster.onB())) {
            assertEquals(41, oracle.received("A"), oracle.events().toString());
            assertEquals(0, oracle.resets(), oracle.events().toString());
        }
    }

    @Test
    void aHoleBeyondTheHistoryIsAResetNamingTheTopic() throws Exception {
        Subscribed cluster = holeOf30("?historySize=5");
        for (TopicOracle oracle : List.of(cluster.onA(), cluster.onB())) {
            assertEquals(1, oracle.resets(), oracle.events().toString());
            assertTrue(!oracle.has("A", 36) && oracle.has("A", 37) && oracle.has("A", 41),
                    "what the history still holds is delivered after the reset: " + oracle.events());
        }
    }

    @Test
    void redisDownThenBackEmptySessionsGoOnGapsAreAnnouncedAndTopicsRecoverByThemselves() throws Exception {
        Subscribed cluster = subscribed("?commandTimeoutMillis=1000", true, false);
        for (int n = 1; n < 10; n++) {
            cluster.publish(n);
        }
        cluster.publishAndAwait(10);
        WireClient echo = new WireClient(cluster.a().mountUri(), cluster.a().origin());
        closing.add(echo);
        echo.handshake();
        echo.startLongPolling();
        redisServer.stop();
        admin = null;
        try {
            // Down: each node still serves its own sessions; topic publishes fail at once and are announced.
            echo.send("\"while Redis is down\"");
            assertEquals("\"while Redis is down\"", ((Frame.Msg) echo.next(10)).d());
            cluster.publish(11);
            Await.until("the failed publish announced to the publishing node's subscriber",
                    () -> cluster.onA().resets() >= 1);
        } finally {
            redisServer.startAgain();
        }
        Await.until("a reset naming the topic on both nodes",
                () -> cluster.onA().resets() >= 2 && cluster.onB().resets() >= 1);
        awaitChannelSubscribers(2);
        // Publishes go on; those that fail while a node reconnects are announced, the rest arrive.
        long n = 12;
        while (!(cluster.onA().has("A", n - 1) && cluster.onB().has("A", n - 1))) {
            cluster.publish(n++);
            assertTrue(n < 200, "publishes do not recover: " + cluster.onA().events() + " / "
                    + cluster.onB().events());
            sleep(50);
        }
        cluster.check();
    }

    @Test
    void redisFrozenMakesPublishesFailLoudlyOnTheirNodeAndNothingIsSilentOrStuck() throws Exception {
        Subscribed cluster = subscribed("?commandTimeoutMillis=300", false, true);
        cluster.publishAndAwait(1);
        redisServer.pause();
        try {
            for (int n = 2; n <= 20; n++) {
                cluster.publish(n);
                sleep(50);
            }
            Await.until("the publishing node's subscriber told of the failed publishes",
                    () -> cluster.onA().resets() >= 1);
        } finally {
            redisServer.resume();
        }
        cluster.publishAndAwait(21);
        cluster.check();
    }

    @Test
    void onePublishIsOneRoundTripToRedis() throws Exception {
        Subscribed cluster = subscribed("", false, false);
        cluster.publishAndAwait(1);
        admin().configResetstat();
        int count = 100;
        for (int n = 2; n <= count; n++) {
            cluster.publish(n);
        }
        cluster.publishAndAwait(count + 1);
        Map<String, Long> calls = commandCalls(admin().info("commandstats"));
        System.out.println("Redis commands for " + count + " publishes to 2 subscribing nodes: " + calls);
        assertEquals(count, calls.getOrDefault("eval", 0L), "one EVAL per publish: " + calls);
        assertEquals(0L, calls.getOrDefault("evalsha", 0L), calls.toString());
        assertEquals(count, calls.getOrDefault("publish", 0L), "one PUBLISH inside each script: " + calls);
    }

    @Test
    void aClusterUriInTheContextInitParameterServesEveryMountWithoutItsOwn() throws Exception {
        // What the demo launcher's --redis sets; one node names it that way, the other in its options.
        String mount = "/context" + System.nanoTime();
        ClusterNode a = new ClusterNode(mount, new RecordingHandler(), DuplexOptions.defaults(),
                redisServer.uri().toString());
        closing.add(a);
        ClusterNode b = new ClusterNode(mount, new RecordingHandler(),
                DuplexOptions.builder().cluster(redisServer.uri().toString()).build(), null);
        closing.add(b);
        TopicOracle onB = subscriber(b, false);
        awaitChannelSubscribers(1);
        a.hub().publish(TOPIC, publication("A", 1));
        Await.until("a publication through the ServiceLoader's broker", () -> onB.has("A", 1));
    }

    @Test
    void aClusterUriNoModuleServesFailsTheMountLoudly() {
        IllegalArgumentException failed = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> closing.add(new ClusterNode("/nope", new RecordingHandler(),
                        DuplexOptions.builder().cluster("zookeeper://127.0.0.1:2181").build(), null)));
        assertEquals("no Duplex cluster module serves zookeeper: URIs; for redis:// put duplex-redis (and its "
                + "dependencies) in WEB-INF/lib", failed.getMessage());
    }

    private static Map<String, Long> commandCalls(String info) {
        Map<String, Long> calls = new java.util.TreeMap<>();
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                String rest = line.substring(line.indexOf("calls=") + "calls=".length());
                calls.put(name, Long.parseLong(rest.substring(0, rest.indexOf(','))));
            }
        }
        return calls;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
