package dev.duplex.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.testkit.DemoDeployment;
import dev.duplex.testkit.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The demo WAR with one mistake, deployed in a real container: its web.xml mounts {@code /ticker} without
 * {@code <async-supported>true</async-supported>}. The deployment fails at startup, and the log says which
 * servlet and what to add, instead of every request answering 500 "Async Not Supported".
 */
class MissingAsyncDeploymentIT {
    private static final Pattern MESSAGE =
            Pattern.compile("DuplexServlet 'ticker' has no async support.*<async-supported>true</async-supported>");

    /** A copy of the demo WAR whose web.xml lacks the ticker servlet's async-supported element. */
    private static Path warWithoutAsync() throws Exception {
        Path broken = DemoDeployment.war().resolveSibling("duplex-demo-no-async.war");
        Files.copy(DemoDeployment.war(), broken, StandardCopyOption.REPLACE_EXISTING);
        try (FileSystem zip = FileSystems.newFileSystem(broken, Map.of())) {
            Path webXml = zip.getPath("WEB-INF/web.xml");
            String original = Files.readString(webXml);
            String edited = original.replace("<async-supported>true</async-supported>", "");
            assertEquals(1, (original.length() - edited.length()) / "<async-supported>true</async-supported>".length(),
                    "the demo's web.xml has exactly one async-supported element, the ticker's");
            Files.writeString(webXml, edited);
        }
        return broken;
    }

    @Test
    void jettyHomeFailsTheDeploymentNamingTheServletAndTheFix() throws Exception {
        try (ServerProcess jetty = DemoDeployment.JETTY_HOME.launchUnready(warWithoutAsync())) {
            jetty.awaitOutput(MESSAGE, ServerProcess.STARTUP);
            jetty.awaitOutput(Pattern.compile("Started oejs.Server"), ServerProcess.STARTUP);
            // The whole web application is unavailable, not half-working.
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    jetty.base().resolve("duplex.js")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, page.statusCode(), jetty.describe());
        }
    }

    @Test
    void tomcatLogsTheServletAndTheFixAndTheMountRefusesEveryRequest() throws Exception {
        try (ServerProcess tomcat = DemoDeployment.TOMCAT10.launchUnready(warWithoutAsync())) {
            tomcat.awaitOutput(MESSAGE, ServerProcess.STARTUP);
            tomcat.awaitOutput(Pattern.compile("Server startup in"), ServerProcess.STARTUP);
            URI handshake = tomcat.base().resolve("ticker/handshake");
            HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(handshake)
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(refused.statusCode() >= 500, refused.statusCode() + " " + refused.body());
        }
    }
}
