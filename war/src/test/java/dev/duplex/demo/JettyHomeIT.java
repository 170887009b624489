package dev.duplex.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The unchanged WAR as {@code ROOT.war} in a stock Jetty 12 distribution, through {@code scripts/jetty-home.sh}.
 * Maven unpacks {@code org.eclipse.jetty:jetty-home:tar.gz} in pre-integration-test and passes its directory
 * as {@code -Dduplex.jetty.dir} (holding {@code jetty-home-<version>}) and {@code -Dduplex.jetty.version}.
 */
class JettyHomeIT extends DeployedWarChecks {
    private static ServerProcess jetty;
    private static WireClient client;

    @BeforeAll
    static void startJetty() throws Exception {
        Path dir = Path.of(System.getProperty("duplex.jetty.dir", "target/jetty-home")).toAbsolutePath();
        String version = System.getProperty("duplex.jetty.version", "12.1.8");
        Path home = dir.resolve("jetty-home-" + version);
        assertTrue(Files.isRegularFile(home.resolve("start.jar")),
                "no jetty-home at " + home + ": mvn verify unpacks it in pre-integration-test");
        jetty = ServerProcess.script("jetty-home.sh", dir, Map.of("JETTY_VERSION", version, "MVN_OFFLINE", "1"));
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
