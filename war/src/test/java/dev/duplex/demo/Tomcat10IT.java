package dev.duplex.demo;

import dev.duplex.testkit.DemoDeployment;
import dev.duplex.testkit.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The unchanged WAR as {@code ROOT.war} in Debian's Tomcat 10.1, in a private {@code CATALINA_BASE}, through
 * {@code scripts/tomcat10.sh} ({@link DemoDeployment#TOMCAT10}). Never skipped: without Tomcat it fails and says
 * how to install it.
 */
class Tomcat10IT extends DeployedWarChecks {
    private static ServerProcess tomcat;
    private static WireClient client;

    @BeforeAll
    static void startTomcat() {
        tomcat = DemoDeployment.TOMCAT10.start();
        client = new WireClient(tomcat.base());
    }

    @AfterAll
    static void stopTomcat() {
        if (tomcat != null) {
            tomcat.close();
            tomcat = null;
        }
    }

    @Override
    protected WireClient client() {
        return client;
    }
}
