package dev.duplex.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.protocol.CloseCodes;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.testing.Await;
import dev.duplex.server.testing.WireClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node killed with {@code SIGKILL} (a JVM of its own): its sessions' requests on the other nodes get
 * {@code 404 unknown_session} (a WebSocket hello: close 4404) within the node timeout, a poll parked for it
 * included (in its second half, the transient {@code 503} while the missing heartbeat could be Redis's loss); nothing
 * hangs, and the other nodes' sessions go on untouched. A heartbeat Redis lost of a node that lives is no death.
 */
class NodeCrashTest extends RedisTestBase {
    @Test
    void aKilledNodesSessionsAreUnknownWithinTheNodeTimeoutAndOthersGoOn() throws Exception {
        Nodes nodes = nodes(2);
        NodeProcess crashing = new NodeProcess(redis.uri(), nodes.mount(), "K");
        closing.add(crashing);

        // A session of the node that will die, used only through the two others (its polls are forwarded).
        WireClient onK = new WireClient(crashing.mountUri(), null);
        closing.add(onK);
        onK.handshake();
        WireClient victim = new WireClient(nodes.bases(), null).adopt(onK.sid(), onK.token(), 0);
        closing.add(victim);
        victim.startLongPolling();
        for (int i = 1; i <= 5; i++) {
            victim.send("{\"n\":" + i + "}");
        }
        for (int i = 1; i <= 5; i++) {
            assertEquals("{\"n\":" + i + "}", ((Frame.Msg) victim.next(10)).d(), "echoed by K through A and B");
        }
        // A session of a surviving node, busy throughout.
        WireClient survivor = new WireClient(nodes.bases(), null).turnTo(0);
        closing.add(survivor);
        survivor.handshake();
        traffic.judge(survivor);
        survivor.startLongPolling();
        for (int i = 0; i < 10; i++) {
            traffic.exchange(survivor, nodes.hub(i % 2));
        }
        crashing.kill();
        long killed = System.nanoTime();
        Await.until("the poll parked for the killed node answered", () -> !victim.httpErrors.isEmpty());
        long parkedAnsweredMillis = (System.nanoTime() - killed) / 1_000_000;
        // 404, or, while the heartbeat has been missing for less than half a node timeout (it could be Redis's loss,
        // not a death), the transient 503 that a client retries: the retries are then told the session is gone.
        assertTrue(List.of(404, 503).contains(victim.httpErrors.get(0)), victim.describe());
        HttpResponse<String> poll = victim.request("/poll", "GET", null, Map.of("X-Duplex-Ack", "5"));
        long retryUntil = System.nanoTime() + 3 * Nodes.NODE_TIMEOUT_MILLIS * 1_000_000;
        while (poll.statusCode() == 503 && System.nanoTime() < retryUntil) {
            assertTrue(poll.body().contains("\"node_unavailable\""), poll.body());
            Thread.sleep(50);
            poll = victim.request("/poll", "GET", null, Map.of("X-Duplex-Ack", "5"));
        }
        assertEquals(404, poll.statusCode(), poll.body());
        assertTrue(poll.body().contains("\"unknown_session\""), poll.body());
        assertEquals(4404, victim.helloCloseCode(), "a WebSocket resume is told the session is gone");
        long allAnsweredMillis = (System.nanoTime() - killed) / 1_000_000;
        System.out.printf("node killed: its parked poll answered %d after %d ms, new requests refused by %d ms"
                + " (node timeout %d ms)%n", victim.httpErrors.get(0), parkedAnsweredMillis, allAnsweredMillis,
                Nodes.NODE_TIMEOUT_MILLIS);
        assertTrue(parkedAnsweredMillis < Nodes.NODE_TIMEOUT_MILLIS + 3_000, "no hang: " + parkedAnsweredMillis);

        for (int i = 0; i < 10; i++) {
            traffic.exchange(survivor, nodes.hub(i % 2));
        }
        traffic.awaitClean(survivor, "a session of a surviving node, across the crash");
        assertTrue(survivor.resets.isEmpty(), survivor.describe());
        assertTrue(traffic.closed.isEmpty(), "nothing closed on the surviving nodes: " + traffic.closed);
    }

    /**
     * Redis lost a live node's heartbeat (restarted empty, or frozen past the key's TTL): until the node beats again,
     * a request for one of its sessions on another node is refused as transient ({@code 503}, a hello {@code 1013}),
     * never {@code unknown_session}, which would end a live session; then the session goes on, nothing lost.
     */
    @Test
    void aHeartbeatRedisLostIsNoDeathAndTheSessionGoesOn() throws Exception {
        Nodes nodes = nodes(2);
        WireClient client = idleOnFirstNode(nodes, 5);
        RedisClient admin = RedisClient.create(redis.uri().toString());
        closing.add(admin::shutdown);
        RedisCluster a = (RedisCluster) nodes.hub(0).cluster();
        try (StatefulRedisConnection<String, String> connection = admin.connect()) {
            RedisCommands<String, String> commands = connection.sync();
            List<String> heartbeat = commands.keys("*:alive:A");
            assertEquals(1, heartbeat.size(), "node A's heartbeat: " + heartbeat);
            a.beating = false; // held for the moment of the hello, which a beat could otherwise overtake
            commands.del(heartbeat.get(0)); // as Redis restarted empty would, between two of A's beats
            assertEquals(CloseCodes.TRY_AGAIN_LATER, client.turnTo(1).helloCloseCode(),
                    "a hello on B for A's session while A's heartbeat is missing: " + client.describe());
            a.beating = true;
            Await.until("A beats again", () -> !commands.keys("*:alive:A").isEmpty());
        }
        client.turnTo(1).startLongPolling();
        exchange(client, nodes, 10, 2);
        traffic.awaitClean(client, "after Redis lost the heartbeat of the session's node");
        assertTrue(client.resets.isEmpty(), client.describe());
        assertFalse(client.httpErrors.contains(404), "never unknown_session: " + client.describe());
        assertTrue(traffic.closed.isEmpty(), "the application saw no close: " + traffic.closed);
    }
}
