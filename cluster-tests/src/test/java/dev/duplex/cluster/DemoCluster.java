package dev.duplex.cluster;

import dev.duplex.testkit.ClusterRig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The cluster a test class runs against: three demo WAR nodes behind nginx round-robin on a private Redis
 * ({@link ClusterRig}), started before the class and stopped after it. The launcher's stop advice is kept short
 * (0.5 to 1.5 s), so that the clients of a stopping node come back within a test's waits.
 */
final class DemoCluster implements BeforeAllCallback, AfterAllCallback {
    private ClusterRig rig;

    @Override
    public void beforeAll(ExtensionContext context) {
        rig = ClusterRig.start(3, "--stop-retry-min-millis=500", "--stop-retry-max-millis=1500");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (rig != null) {
            rig.close();
        }
    }

    /** The running cluster. */
    ClusterRig rig() {
        return rig;
    }
}
