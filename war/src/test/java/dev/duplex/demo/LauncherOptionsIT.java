package dev.duplex.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.testkit.DemoDeployment;
import dev.duplex.testkit.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The standalone launcher takes every Duplex server option on its command line (issue 12 item 8h), lists them
 * in {@code --help}, and applies them to every mount of the demo, the {@code web.xml} one included.
 */
class LauncherOptionsIT {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code maxBatch} to {@code --max-batch}. */
    private static String flag(String option) {
        return "--" + option.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    private static List<String> serverOptions() {
        return Arrays.stream(DuplexOptions.class.getRecordComponents()).map(c -> c.getName())
                .filter(name -> !name.equals("scheduler")).toList();
    }

    /** Runs the launcher to its end (it must end by itself); returns exit status and output. */
    private static String[] runToEnd(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", DemoDeployment.war().toString(), "--port=0"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the launcher kept running with " + List.of(arguments));
        }
        return new String[] {Integer.toString(process.exitValue()),
            new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)};
    }

    @Test
    void helpListsEveryServerOption() throws Exception {
        String[] help = runToEnd("--help");
        assertEquals("0", help[0], help[1]);
        for (String option : serverOptions()) {
            assertTrue(help[1].contains(flag(option) + "=V"), "--help lacks " + flag(option) + ":\n" + help[1]);
        }
        assertTrue(help[1].contains("--allowed-origins=V"), help[1]);
    }

    @Test
    void optionsOnTheCommandLineReachEveryMount() throws Exception {
        try (ServerProcess war = ServerProcess.executableWar(DemoDeployment.war(),
                "--allowed-origins=http://trusted.example,http://other.example", "--max-batch=7",
                "--max-message-chars=2000", "--max-post-bytes=70000")) {
            for (String mount : List.of("echo", "chat", "ticker")) {
                JsonObject handshake = handshake(war.base(), mount);
                assertEquals(7, handshake.get("maxBatch").getAsInt(), mount + ": " + handshake);
                assertEquals(2_000, handshake.get("maxMessage").getAsInt(), mount + ": " + handshake);
                HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(war.base().resolve(mount + "/send"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "http://other.example").build(), HttpResponse.BodyHandlers.ofString());
                assertEquals("http://other.example", preflight.headers().firstValue("Access-Control-Allow-Origin")
                        .orElse(null), mount + " did not get --allowed-origins");
            }
        }
    }

    @Test
    void aBadValueStopsTheLauncherNamingTheOption() throws Exception {
        String[] refused = runToEnd("--max-batch=lots");
        assertTrue(!refused[0].equals("0") && refused[1].contains("maxBatch"), refused[0] + " " + refused[1]);
        String[] unknown = runToEnd("--max-bach=3");
        assertEquals("2", unknown[0], unknown[1]);
        assertTrue(unknown[1].contains("unknown argument: --max-bach=3"), unknown[1]);
    }

    private JsonObject handshake(URI base, String mount) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(mount + "/handshake"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"v\":1}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }
}
