package dev.duplex.hostile;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.testing.DeliveryOracle;
import dev.duplex.server.testing.ResourceCheck;

/** Sizes and reporting shared by the scenarios: one place for the numbers the heavy profile raises. */
public final class Scenario {
    /** Messages each way per delivery scenario (10,000 by default, 50,000 with -Phostile-heavy). */
    public static final int MESSAGES = Integer.getInteger("hostile.messages", 10_000);
    /** Transport kills per kind of kill (100 by default, 500 with -Phostile-heavy). */
    public static final int KILLS = Integer.getInteger("hostile.kills", 100);

    private Scenario() {
    }

    /**
     * Options for a delivery scenario: the client here sends without backpressure, so the replay buffer and
     * the inbound rate limit hold the whole run. Overflow and rate limiting have their own tests.
     */
    public static DuplexOptions.Builder deliveryOptions() {
        return DuplexOptions.builder().replayMaxFrames(MESSAGES * 3).replayMaxChars(64L << 20)
                .maxInboundPerSecond(1_000_000);
    }

    /** What a scenario's body hands back to be reported: its two verdicts and any numbers of its own. */
    public record Outcome(DeliveryOracle.Verdict[] verdicts, String numbers) { }

    /** A scenario's body. Everything it creates must be unreachable once it returns. */
    @FunctionalInterface
    public interface Body {
        Outcome run() throws Exception;
    }

    /** Runs {@code body} between a resource baseline and the resource check, then reports it. */
    public static void judge(String scenario, Body body) throws Exception {
        ResourceCheck.Snapshot baseline = ResourceCheck.take();
        Outcome outcome = body.run();
        ResourceCheck.Snapshot after = ResourceCheck.assertBackTo(baseline, ResourceCheck.DEFAULT);
        report(scenario, outcome.verdicts(), after, baseline, outcome.numbers());
    }

    /** Prints one line of the scenario report, for the test log and the issue. */
    private static void report(String scenario, DeliveryOracle.Verdict[] verdicts, ResourceCheck.Snapshot after,
            ResourceCheck.Snapshot baseline, String extra) {
        StringBuilder line = new StringBuilder("hostile | ").append(scenario);
        for (DeliveryOracle.Verdict v : verdicts) {
            line.append(String.format(" | %s: sent %d, delivered %d, lost %d, duplicated %d, reordered %d",
                    v.direction(), v.sent(), v.delivered(), v.missing(), v.duplicates(), v.reordered()));
        }
        line.append(" | ").append(after.delta(baseline));
        if (!extra.isEmpty()) {
            line.append(" | ").append(extra);
        }
        System.out.println(line);
    }
}
