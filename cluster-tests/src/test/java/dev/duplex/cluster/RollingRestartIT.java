package dev.duplex.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14: a rolling restart of every node, one at a time, under the 50-session load ({@link LoadScenarios}), on
 * a rig of its own. Not in the default run yet: the module's failsafe configuration leaves it out, and
 * {@code -Dit.test=RollingRestartIT} runs it. On the loaded 2-core machine it passed 2 of 6 runs on the branch
 * that wrote it and failed the one run on this code: one long-polling session closed {@code 4404} 2.4 s after the
 * third node began to stop, cause not found (every node's output, its stop included, is kept in
 * {@code target/cluster-logs/}). Earlier failures were WebSocket hellos that lost their pull race, now answered
 * {@code 1013}.
 */
class RollingRestartIT {
    @RegisterExtension
    static final DemoCluster CLUSTER = new DemoCluster();

    @Test
    void aRollingRestartUnderLoadLosesNothingAndClosesNothing() throws Exception {
        new LoadScenarios(CLUSTER.rig()).rollingRestart();
    }
}
