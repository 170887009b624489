package dev.duplex.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.faultkit.FaultProxy;
import dev.duplex.faultkit.Kill;
import dev.duplex.server.testing.DeliveryOracle;
import dev.duplex.testkit.DemoDeployment;
import dev.duplex.testkit.ServerProcess;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's Java client against the demo WAR as users deploy it ({@code java -jar duplex-demo.war}, one node, no
 * Redis), through faultkit's {@link FaultProxy}, which kills every live connection again and again (an orderly
 * close, then a TCP reset, in turn) while {@link EchoLoad}'s sessions send numbered messages to {@code /echo} and
 * read them back: half of them upgrade to WebSocket (so each kill is a downgrade and a re-upgrade), half stay on
 * long-polling (so a kill may fall on a parked poll or on a send in flight). Judged by counts: every session's
 * delivery oracle clean, no reset, no close. Figures are printed, never asserted.
 */
class DemoWarFaultIT {
    private static final int SESSIONS = 10;
    private static final int RATE = 20;
    private static final int KILLS = 16;
    private static final long BETWEEN_KILLS_MILLIS = 300;

    @Test
    void theJavaClientLosesDuplicatesAndReordersNothingThroughTheProxysKills() throws Exception {
        try (ServerProcess war = DemoDeployment.STANDALONE.start();
                FaultProxy proxy = FaultProxy.start(war.port());
                EchoLoad load = new EchoLoad(SESSIONS, i -> URI.create(proxy.origin() + "/echo"))) {
            long started = System.nanoTime();
            load.startPacing(RATE, Long.MAX_VALUE);
            int connectionsKilled = 0;
            for (int k = 0; k < KILLS; k++) {
                Thread.sleep(BETWEEN_KILLS_MILLIS);
                connectionsKilled += proxy.kill(k % 2 == 0 ? Kill.CLOSE : Kill.RST);
            }
            double rate = load.stopPacing();
            await(() -> "every echo after the kills" + load.incomplete() + "\n" + war.describe(), load::complete);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

            List<DeliveryOracle.Verdict> verdicts = load.verdicts();
            for (int i = 0; i < verdicts.size(); i++) {
                verdicts.get(i).assertClean("session " + i + " through the kills");
            }
            assertEquals(List.of(), load.resets, "the demo's replay window covers every cut: no reset");
            assertEquals(List.of(), load.closes, "no session ended");
            assertTrue(connectionsKilled >= KILLS, "the proxy killed live connections: " + connectionsKilled);
            long echoed = verdicts.stream().mapToLong(DeliveryOracle.Verdict::delivered).sum();
            System.out.printf("java client vs demo WAR through %d kills (%d connections): %d sessions, %d messages "
                    + "sent and echoed (%.1f/s per session), 0 lost, 0 duplicated, 0 reordered, in %d s%n",
                    KILLS, connectionsKilled, SESSIONS, echoed, rate, seconds);
        }
    }

    private static void await(Supplier<String> what, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what.get());
            }
            Thread.sleep(20);
        }
    }
}
