package dev.duplex.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.client.CloseNotice;
import dev.duplex.server.testing.DeliveryOracle;
import dev.duplex.testkit.ClusterRig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Issue 14's load scenarios on a {@link ClusterRig}: 50 Java clients (client-java), half upgrading to WebSocket
 * and half on long-polling, every request through nginx round-robin without stickiness, each sending 20 numbered
 * messages a second that the demo's {@code /echo} sends back ({@link EchoLoad}), while a node dies. The
 * outcome is judged by counts (the delivery oracle of every session); times are printed, never asserted.
 */
final class LoadScenarios {
    static final int SESSIONS = 50;
    static final int RATE = 20;
    /** The demo launcher's node timeout (the cluster's default): a killed node's sessions are unknown after it. */
    private static final long NODE_TIMEOUT_MILLIS = 10_000;

    private final ClusterRig rig;

    LoadScenarios(ClusterRig rig) {
        this.rig = rig;
    }

    private EchoLoad load() throws Exception {
        return new EchoLoad(SESSIONS, i -> rig.base().resolve("echo"));
    }

    /**
     * Node {@code victim} killed with SIGKILL under load: its sessions are told ({@code 4404}, continuity lost)
     * and start over on the other nodes, spread over time; every other session loses nothing.
     */
    void killOneNode(int victim) throws Exception {
        try (EchoLoad load = load()) {
            load.startPacing(RATE, Long.MAX_VALUE);
            awaitTraffic(load, 2);
            long killed = System.nanoTime();
            rig.kill(victim);
            // Past the node timeout every request for the dead node's sessions is answered unknown_session; the
            // load goes on a while longer, so that the new channels carry traffic too.
            await("the dead node's sessions told and started over", 60, () -> !load.lost().isEmpty()
                    && load.lostOnesAreBack()
                    && System.nanoTime() - killed > TimeUnit.MILLISECONDS.toNanos(NODE_TIMEOUT_MILLIS * 3 / 2));
            awaitTraffic(load, 2);
            load.stopPacing();
            await(() -> "every echo after the kill" + load.incomplete(), 60,
                    () -> load.complete() && load.lostOnesAreBack());

            List<Integer> lost = load.lost();
            List<DeliveryOracle.Verdict> verdicts = load.verdicts();
            for (int i = 0; i < verdicts.size(); i++) {
                verdicts.get(i).assertClean((lost.contains(i) ? "the new channel of a lost session " : "a session ")
                        + i + " after a node was killed");
            }
            assertEquals(List.of(), load.resets, "no reset: a lost session ends (4404), the others lose nothing");
            for (CloseNotice close : load.closes) {
                assertEquals(4404, close.code(), "only lost sessions close: " + load.closes);
                assertTrue(close.continuityLost(), close.toString());
            }
            assertEquals(lost.size(), load.closes.size(), "each lost session told once");
            assertTrue(lost.size() < SESSIONS, "the sessions of the other nodes live on: " + lost);

            List<Long> told = relative(load.toldTimes(), killed);
            List<Long> back = relative(load.backTimes(), killed);
            System.out.printf("kill -9 of node %s under %d sessions: %d sessions lost, told after %s ms, "
                    + "started over after %s ms%n", ClusterRig.name(victim), SESSIONS, lost.size(), told, back);
            assertSpread(back);
        }
    }

    /**
     * The lost sessions did not all start over in one instant: their clients' jittered backoff spreads them. The
     * figure asserted is a spread, never a time: the distinct 100 ms slots they came back in.
     */
    private static void assertSpread(List<Long> back) {
        long slots = back.stream().map(ms -> ms / 100).distinct().count();
        assertTrue(back.size() < 4 || slots >= Math.min(3, back.size() / 2),
                "the lost sessions came back spread over time, not all at once: " + back + " ms after the kill");
        assertFalse(back.isEmpty(), "some sessions were lost");
    }

    private static List<Long> relative(List<Long> nanos, long origin) {
        List<Long> millis = new ArrayList<>();
        for (long at : nanos) {
            millis.add(TimeUnit.NANOSECONDS.toMillis(at - origin));
        }
        millis.sort(null);
        return millis;
    }

    /** Waits until every session has sent {@code seconds} more seconds' worth of messages. */
    private void awaitTraffic(EchoLoad load, int seconds) throws InterruptedException {
        long target = load.sent() + (long) SESSIONS * RATE * seconds;
        await(seconds + " s more of traffic", 60, () -> load.sent() >= target);
    }

    private void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        await(() -> what, seconds, condition);
    }

    private void await(Supplier<String> what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what.get() + "\n" + rig.describe());
            }
            Thread.sleep(20);
        }
    }
}
