package dev.duplex.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.protocol.Frame;
import dev.duplex.server.testing.Await;
import dev.duplex.server.testing.WireClient;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node killed with {@code SIGKILL} (a JVM of its own): its sessions' requests on the other nodes get
 * {@code 404 unknown_session} (a WebSocket hello: close 4404) within the node timeout, a poll parked for it
 * included; nothing hangs, and the other nodes' sessions go on untouched.
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
        Await.until("the poll parked for the killed node answered 404", () -> victim.httpErrors.contains(404));
        long parkedAnsweredMillis = (System.nanoTime() - killed) / 1_000_000;
        HttpResponse<String> poll = victim.request("/poll", "GET", null, Map.of("X-Duplex-Ack", "5"));
        assertEquals(404, poll.statusCode(), poll.body());
        assertTrue(poll.body().contains("\"unknown_session\""), poll.body());
        assertEquals(4404, victim.helloCloseCode(), "a WebSocket resume is told the session is gone");
        long allAnsweredMillis = (System.nanoTime() - killed) / 1_000_000;
        System.out.printf("node killed: its parked poll answered 404 after %d ms, new requests refused by %d ms"
                + " (node timeout %d ms)%n", parkedAnsweredMillis, allAnsweredMillis, Nodes.NODE_TIMEOUT_MILLIS);
        assertTrue(parkedAnsweredMillis < Nodes.NODE_TIMEOUT_MILLIS + 3_000, "no hang: " + parkedAnsweredMillis);

        for (int i = 0; i < 10; i++) {
            traffic.exchange(survivor, nodes.hub(i % 2));
        }
        traffic.awaitClean(survivor, "a session of a surviving node, across the crash");
        assertTrue(survivor.resets.isEmpty(), survivor.describe());
        assertTrue(traffic.closed.isEmpty(), "nothing closed on the surviving nodes: " + traffic.closed);
    }
}
