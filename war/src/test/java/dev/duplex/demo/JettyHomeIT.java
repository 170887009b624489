package dev.duplex.demo;

import dev.duplex.testkit.DemoDeployment;
import dev.duplex.testkit.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The unchanged WAR as {@code ROOT.war} in a stock Jetty 12 distribution, through {@code scripts/jetty-home.sh}
 * ({@link DemoDeployment#JETTY_HOME}). Maven unpacks {@code org.eclipse.jetty:jetty-home:tar.gz} in
 * pre-integration-test and passes its directory as {@code -Dduplex.jetty.dir} (holding {@code jetty-home-<version>})
 * and {@code -Dduplex.jetty.version}.
 */
class JettyHomeIT extends DeployedWarChecks {
    private static ServerProcess jetty;
    private static WireClient client;

    @BeforeAll
    static void startJetty() {
        jetty = DemoDeployment.JETTY_HOME.start();
        client = new WireClient(jetty.base());
    }

    @AfterAll
    static void stopJetty() {
        if (jetty != null) {
            jetty.close();
            jetty = null;
        }
    }

    @Override
    protected WireClient client() {
        return client;
    }
}
