package dev.duplex.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.client.CloseNotice;
import dev.duplex.server.testing.DeliveryOracle;
import dev.duplex.testkit.ClusterRig;
import dev.duplex.testkit.ServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

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
    /** What a stopping node logs of its hand-off (server {@code ClusterSessions}), once per mount. */
    private static final Pattern HANDED_OFF = Pattern.compile("handed off \\d+ of \\d+ sessions.*");

    private final ClusterRig rig;

    LoadScenarios(ClusterRig rig) {
        this.rig = rig;
    }

    private EchoLoad load() throws Exception {
        return new EchoLoad(SESSIONS, i -> rig.base().resolve("echo"));
    }

    /**
     * A rolling deploy under load: every node stopped gracefully (SIGTERM: it hands its sessions off and tells
     * their clients {@code away}) and started again on its port, one at a time, with the traffic of every session
     * flowing again (each one's echoes caught up) before the next. Nothing is lost, duplicated or reordered, no
     * reset, no close: the sessions carry on on the other nodes.
     *
     * <p>It is also the adoption race under load: a stopped node's long-polling client comes back with its poll
     * and its pending send at once, and round-robin sends them to two different nodes, which both run the take of
     * the one snapshot; the loser forwards to the winner. Two owners would number frames twice (duplicates or
     * gaps on the oracle), and a session taken by nobody would end {@code 4404}.
     */
    void rollingRestart() throws Exception {
        try (EchoLoad load = load()) {
            load.startPacing(RATE, Long.MAX_VALUE);
            awaitTraffic(load, 2);
            long began = System.nanoTime();
            List<String> steps = new ArrayList<>();
            List<String> handoffs = new ArrayList<>();
            List<String> restartsAt = new ArrayList<>();
            for (int node = 0; node < rig.size(); node++) {
                long stopping = System.nanoTime();
                restartsAt.add(ClusterRig.name(node) + " +" + millis(stopping - load.began) + " ms");
                ServerProcess process = rig.stop(node);
                long stopped = System.nanoTime();
                // What the node logged while it stopped is in its output (the launcher's StopLogging).
                process.awaitOutput(HANDED_OFF, Duration.ofSeconds(10));
                handoffs.add(ClusterRig.name(node) + " " + process.lines(HANDED_OFF));
                rig.start(node);
                long started = System.nanoTime();
                awaitCaughtUp(load, "after node " + ClusterRig.name(node) + " restarted");
                steps.add(String.format("%s: stop %d ms, start %d ms, caught up %d ms", ClusterRig.name(node),
                        millis(stopped - stopping), millis(started - stopped), millis(System.nanoTime() - started)));
            }
            long whole = System.nanoTime() - began;
            double rate = load.stopPacing();
            long messages = assertUntouched(load, "a rolling restart", "restarts at " + restartsAt);
            System.out.printf("rolling restart of %d nodes under %d sessions (%.1f msg/s each way per session"
                    + " achieved): %d messages each way, 0 lost, 0 duplicated, 0 reordered, no reset, no close;"
                    + " %d ms in all (%s); the nodes' hand-offs: %s%n", rig.size(), SESSIONS, rate, messages,
                    millis(whole), String.join("; ", steps), String.join("; ", handoffs));
        }
    }

    /** Something done to the cluster while the load runs, with checks of its own. */
    @FunctionalInterface
    interface Fault {
        void run() throws Exception;
    }

    /**
     * Redis frozen, then restarted empty ({@code fault}, which runs its own chat room through it) under the load.
     * Each node goes on serving its own sessions (WebSocket sessions on their node; long-polling requests that
     * land on the owner), cross-node requests fail and are retried; nothing is lost in silence, duplicated or
     * reordered, and once Redis is back every session's echoes catch up.
     */
    void underRedisFault(Fault fault) throws Exception {
        try (EchoLoad load = load()) {
            load.startPacing(RATE, Long.MAX_VALUE);
            awaitCaughtUp(load, "before the fault");
            long began = System.nanoTime();
            fault.run();
            long over = System.nanoTime();
            awaitCaughtUp(load, "after Redis came back");
            long recovered = System.nanoTime();
            double rate = load.stopPacing();
            // The echo load has no topic, so nothing of it may be announced lost, and no session may end: a
            // request Redis could not route is refused as transient (503 node_unavailable, close 1013) and retried.
            long messages = assertUntouched(load, "Redis frozen, then restarted empty", "the fault began at +"
                    + millis(began - load.began) + " ms and ended at +" + millis(over - load.began) + " ms");
            System.out.printf("Redis frozen, then restarted empty, under %d sessions (%.1f msg/s each way per"
                    + " session achieved): %d messages each way, 0 lost, 0 duplicated, 0 reordered, no reset, no"
                    + " close; the fault took %d ms, every session's echoes caught up %d ms after it%n", SESSIONS,
                    rate, messages, millis(over - began), millis(recovered - over));
        }
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

    /**
     * Waits for every echo, then asserts what a fault that the cluster rides out leaves behind: every session's
     * oracle clean, no reset, no close ({@code when} places the fault in time for the closes' failure message).
     * Returns the messages delivered each way.
     */
    private long assertUntouched(EchoLoad load, String through, String when) throws InterruptedException {
        await(() -> "every echo after " + through + load.incomplete(), 60, load::complete);
        List<DeliveryOracle.Verdict> verdicts = load.verdicts();
        long messages = 0;
        for (int i = 0; i < verdicts.size(); i++) {
            verdicts.get(i).assertClean("session " + i + " through " + through);
            messages += verdicts.get(i).delivered();
        }
        assertEquals(List.of(), load.resets, "no reset through " + through + ": nothing was lost");
        assertEquals(List.of(), load.closeLog, "no close: every session lives through " + through + "; " + when);
        return messages;
    }

    /** Waits until every session has the echo of every message it had sent when this was called. */
    private void awaitCaughtUp(EchoLoad load, String when) throws InterruptedException {
        long[] marks = load.marks();
        await(() -> "every session's echoes " + when + load.incomplete(), 60, () -> load.caughtUp(marks));
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
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
