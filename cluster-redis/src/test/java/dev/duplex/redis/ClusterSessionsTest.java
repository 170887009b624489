package dev.duplex.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.Message;
import dev.duplex.server.hub.DefaultHub;
import dev.duplex.server.protocol.CloseCodes;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.session.Session;
import dev.duplex.server.testing.Await;
import dev.duplex.server.testing.DeliveryOracle;
import dev.duplex.server.testing.WireClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Sessions across nodes: nodes in one JVM, each a real Jetty on an ephemeral port, sharing a real redis-server;
 * clients are the wire-level {@link WireClient}, sending each request to the next node in turn as a round-robin
 * load balancer without stickiness would. Every scenario is judged by the delivery oracle both ways: nothing
 * lost, nothing duplicated, order kept, no reset, and the application sees one open and no close.
 */
class ClusterSessionsTest extends RedisTestBase {
    private static final String TOPIC = "news";

    private void assertNoResetNoClose(WireClient client, int opened) {
        assertTrue(client.resets.isEmpty(), client.describe());
        assertEquals(0, client.gaps.get(), client.describe());
        assertTrue(traffic.closed.isEmpty(), "the application saw no close: " + traffic.closed);
        assertEquals(opened, traffic.opened.size(), "the application saw each session open once");
    }

    @Test
    void longPollingRoundRobinOverThreeNodesLosesNothing() throws Exception {
        Nodes nodes = nodes(3);
        WireClient client = client(nodes, 0);
        client.startLongPolling();
        exchange(client, nodes, 30, 3);
        traffic.awaitClean(client, "round robin over three nodes");
        assertEquals(Set.of("A", "B", "C"), new HashSet<>(client.servedBy), "every node served this session");
        assertTrue(client.sid().startsWith("A."), "the id names the node that created the session: " + client.sid());
        assertEquals(0, nodes.holder(client.sid()), "the session stayed on its node; requests were forwarded");
        assertNoResetNoClose(client, 1);
    }

    @Test
    void aWebSocketOnAnotherNodePullsTheSessionAndLongPollingFollowsIt() throws Exception {
        Nodes nodes = nodes(3);
        WireClient client = client(nodes, 0);
        client.startLongPolling();
        exchange(client, nodes, 10, 3);
        client.turnTo(1).startWebSocket();
        // A poll of the old loop may supersede the new socket, and the client's retry takes the next node: the
        // session is then where the last socket is, but never still on A alone after a socket elsewhere won.
        int first = nodes.holder(client.sid());
        assertTrue(first >= 0, "one node holds the session");
        exchange(client, nodes, 10, 3);
        client.startLongPolling();
        exchange(client, nodes, 10, 3);
        client.turnTo(2).startWebSocket();
        int second = nodes.holder(client.sid());
        assertTrue(first != 0 || second != 0, "a WebSocket on another node pulled the session: " + first + ", "
                + second);
        exchange(client, nodes, 10, 3);
        traffic.awaitClean(client, "pulled A to B to C, long-polling between");
        assertEquals(1, nodes.channels(), "one node holds the session");
        assertNoResetNoClose(client, 1);
    }

    /**
     * A WebSocket on B pulls a session of A while A's own requests keep taking it back first, every time: the
     * socket is told to try again later ({@code 1013}), never that the session is gone ({@code 4404}, which ended
     * it: seen under load in {@code ClusterIT} and the contract suite on two nodes), and the session lives on.
     */
    @Test
    void aSocketThatLosesEveryPullRaceIsToldToTryAgainAndTheSessionLivesOn() throws Exception {
        Nodes nodes = nodes(2);
        WireClient client = idleOnFirstNode(nodes, 5);
        RedisCluster a = (RedisCluster) nodes.hub(0).cluster();
        AtomicInteger retaken = new AtomicInteger();
        a.seam = new MoveSeam() {
            @Override
            public CompletionStage<?> released(String sid) {
                // A's long-polling loop, in the instant between the release and the puller's next look: it takes
                // the snapshot back to A, as a poll that landed on A would.
                retaken.incrementAndGet();
                return a.take(sid);
            }
        };
        assertEquals(CloseCodes.TRY_AGAIN_LATER, client.turnTo(1).helloCloseCode(), client.describe());
        assertEquals(3, retaken.get(), "B tried three times, and each time A took the session back first");
        assertEquals(0, nodes.holder(client.sid()), "the session is still on A");

        a.seam = new MoveSeam() { };
        client.turnTo(1).startWebSocket(); // the client's next try: B takes it now
        exchange(client, nodes, 10, 2);
        traffic.awaitClean(client, "after a lost pull race, then a won one");
        assertEquals(1, nodes.holder(client.sid()), "the socket on B pulled the session");
        assertNoResetNoClose(client, 1);
    }

    @Test
    void hubSendReachesAChannelOnAnyNodeAndTheChannelsAreListedClusterWide() throws Exception {
        Nodes nodes = nodes(3);
        WireClient onA = new WireClient(nodes.node(0).mountUri(), null);
        WireClient onB = new WireClient(nodes.node(1).mountUri(), null);
        closing.add(onA);
        closing.add(onB);
        onA.handshake();
        onB.handshake();
        onA.startLongPolling();
        onB.startWebSocket();
        DefaultHub fromC = nodes.hub(2);
        assertTrue(fromC.send(onA.sid(), Message.json("\"to A\"")).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertTrue(fromC.send(onB.sid(), Message.json("\"to B\"")).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals("\"to A\"", ((Frame.Msg) onA.next(10)).d());
        assertEquals("\"to B\"", ((Frame.Msg) onB.next(10)).d());
        assertFalse(fromC.send("A.nosuchsession", Message.json("1")).toCompletableFuture().get(5, TimeUnit.SECONDS),
                "no such channel on its node");
        assertFalse(fromC.send("Z.nosuchnode", Message.json("1")).toCompletableFuture().get(5, TimeUnit.SECONDS),
                "no such node");
        for (int i = 0; i < 3; i++) {
            assertEquals(Set.of(onA.sid(), onB.sid()),
                    nodes.hub(i).clusterChannelIds().toCompletableFuture().get(5, TimeUnit.SECONDS));
            assertEquals(2, nodes.hub(i).clusterChannelCount().toCompletableFuture().get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void nodesRacingForOneHandedOffSessionExactlyOneTakesIt() throws Exception {
        Nodes nodes = nodes(3);
        // Nothing of the client's in flight: only the racers ask for the session.
        WireClient client = idleOnFirstNode(nodes, 5);
        DefaultHub a = nodes.hub(0);
        assertEquals(1, a.sessionHandoff().handOff(a.sessions()).size(), "A handed the session off");
        nodes.stop(0); // as a stopping node does after its hand-off; it takes no session back meanwhile
        assertEquals(-1, nodes.holder(client.sid()), "no node holds it while it waits");

        int racers = 8;
        ExecutorService threads = Executors.newFixedThreadPool(racers);
        closing.add(threads::shutdownNow);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Boolean>> takes = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            RedisCluster racer = (RedisCluster) nodes.hub(1 + i % 2).cluster();
            takes.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                    return racer.take(client.sid()).toCompletableFuture().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, threads));
        }
        start.countDown();
        long winners = 0;
        for (CompletableFuture<Boolean> take : takes) {
            winners += take.get(20, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertEquals(1, winners, "exactly one of " + racers + " racing takes won");
        assertEquals(1, nodes.channels(), "exactly one node holds the session");
        client.startLongPolling();
        for (int i = 0; i < 10; i++) {
            traffic.exchange(client, nodes.hub(1 + i % 2));
        }
        traffic.awaitClean(client, "after the race");
        assertNoResetNoClose(client, 1);
    }

    @Test
    void aDrainingNodeHandsEverySessionOffAndTheirClientsCarryOnElsewhere() throws Exception {
        Nodes nodes = nodes(2);
        List<WireClient> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            WireClient client = client(nodes, 0);
            clients.add(client);
            if (i % 2 == 0) {
                client.startLongPolling();
            } else {
                client.turnTo(0).startWebSocket();
            }
            client.sendSequenced(seq -> new Frame.Sub(seq, TOPIC));
            assertTrue(client.next(10) instanceof Frame.SubAck, client.describe());
            // The suback is a numbered frame the oracle does not judge: it counts only the traffic's messages.
        }
        for (WireClient client : clients) {
            exchange(client, nodes, 10, 2);
        }
        DefaultHub a = nodes.hub(0);
        List<Session> sessions = a.sessions();
        Set<Session> taken = a.sessionHandoff().handOff(sessions);
        assertEquals(Set.copyOf(sessions), taken, "every session of A was handed off");
        nodes.stop(0);
        for (WireClient client : clients) {
            // A WebSocket client resumes on long-polling; A refuses connections, so its requests go to B.
            client.startLongPolling();
            for (int i = 0; i < 10; i++) {
                traffic.exchange(client, nodes.hub(1));
            }
        }
        Await.until("every session adopted by B", () -> nodes.hub(1).channelCount() == clients.size());
        // In the oracle's form, from a producer of its own: the oracle judges it like any message.
        nodes.hub(1).publish(TOPIC, Message.json(DeliveryOracle.payload("topic", 1)));
        for (WireClient client : clients) {
            traffic.awaitClean(client, "drained from A to B");
            Await.until("the publication after the drain", () -> client.inbox.stream()
                    .anyMatch(f -> f instanceof Frame.Msg m && TOPIC.equals(m.topic())));
            assertTrue(client.resets.isEmpty(), client.describe());
        }
        assertTrue(traffic.closed.isEmpty(), "the application saw no close: " + traffic.closed);
        assertEquals(clients.size(), traffic.opened.size(), "and no second open");
    }
}
