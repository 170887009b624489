package dev.duplex.demo;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The unchanged WAR as {@code ROOT.war} in Debian's Tomcat 10.1, in a private {@code CATALINA_BASE}, through
 * {@code scripts/tomcat10.sh}. Never skipped: without Tomcat it fails and says how to install it.
 */
class Tomcat10IT extends DeployedWarChecks {
    private static ServerProcess tomcat;
    private static WireClient client;

    @BeforeAll
    static void startTomcat() throws Exception {
        Path home = Path.of(System.getProperty("duplex.catalina.home", "/usr/share/tomcat10"));
        if (!Files.isExecutable(home.resolve("bin/catalina.sh"))) {
            fail("no Tomcat 10 at " + home + "; run: apt-get install -y tomcat10");
        }
        Path base = Path.of(System.getProperty("duplex.catalina.base", "target/tomcat10-it-base"));
        tomcat = ServerProcess.script("tomcat10.sh", base, Map.of("CATALINA_HOME", home.toString()));
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
