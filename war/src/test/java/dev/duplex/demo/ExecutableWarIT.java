package dev.duplex.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.duplex.testkit.DemoDeployment;
import dev.duplex.testkit.ServerProcess;
import java.io.IOException;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the packaged WAR the way a user would, {@code java -jar target/duplex-demo.war --port=0}, in a separate
 * process, and talks to it over plain HTTP and WebSocket with the wire protocol (PROTOCOL.md): no client library.
 * The page, client and echo checks every deployment shares come from {@link DeployedWarChecks}.
 */
class ExecutableWarIT extends DeployedWarChecks {
    private static ServerProcess war;
    private static WireClient client;

    @BeforeAll
    static void startWar() {
        war = DemoDeployment.STANDALONE.start();
        client = new WireClient(war.base());
    }

    @AfterAll
    static void stopWar() {
        if (war != null) {
            war.close();
            war = null;
        }
    }

    @Override
    protected WireClient client() {
        return client;
    }

    @Test
    void warKeepsTheLauncherOutOfWebInf() throws IOException {
        try (JarFile jar = new JarFile(DemoDeployment.war().toFile())) {
            assertEquals("dev.duplex.demo.launcher.Main", jar.getManifest().getMainAttributes().getValue("Main-Class"));
            assertNotNull(jar.getEntry("dev/duplex/demo/launcher/Main.class"), "launcher at the WAR root");
            List<String> names = jar.stream().map(e -> e.getName()).toList();
            assertTrue(names.stream().anyMatch(n -> n.matches("launcher/lib/jetty-server-.*\\.jar")), "Jetty jars");
            assertTrue(names.stream().anyMatch(n -> n.matches("WEB-INF/lib/duplex-server-.*\\.jar")), "duplex-server");
            assertTrue(names.stream().anyMatch(n -> n.matches("WEB-INF/lib/gson-.*\\.jar")), "gson");
            List<String> leaked = names.stream()
                    .filter(n -> n.startsWith("WEB-INF/") && (n.contains("jetty") || n.contains("launcher")
                            || n.contains("jakarta.servlet-api") || n.contains("jakarta.websocket")))
                    .toList();
            assertEquals(List.of(), leaked, "container classes in WEB-INF");
        }
    }

    @Test
    void hidesTheLauncher() throws Exception {
        int status = client.get("dev/duplex/demo/launcher/Main.class").statusCode();
        assertTrue(status == 403 || status == 404, "launcher class served with " + status);
    }

    @Test
    void tickerMountedFromWebXmlPublishesPrices() throws Exception {
        String[] session = client.handshake("ticker");
        client.post("ticker/send", session, "[{\"t\":\"sub\",\"seq\":1,\"topic\":\"prices\"}]");
        assertTrue(client.pollUntil("ticker/poll", session, f -> "msg".equals(WireClient.string(f, "t"))
                && "prices".equals(WireClient.string(f, "topic")) && f.getAsJsonObject("d").has("quotes")),
                "a price update");
    }

    @Test
    void chatAnnouncesWhoJoined() throws Exception {
        String[] session = client.handshake("chat");
        client.post("chat/send", session, "[{\"t\":\"msg\",\"seq\":1,\"d\":{\"type\":\"nick\",\"nick\":\"tester\"}},"
                + "{\"t\":\"sub\",\"seq\":2,\"topic\":\"chat/it\"}]");
        assertTrue(client.pollUntil("chat/poll", session, f -> {
            JsonObject d = f.getAsJsonObject("d");
            return "chat/it".equals(WireClient.string(f, "topic")) && "join".equals(WireClient.string(d, "type"))
                    && "tester".equals(WireClient.string(d, "nick"));
        }), "a join notice");
    }
}
