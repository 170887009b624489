package dev.duplex.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the packaged WAR the way a user would, {@code java -jar target/duplex-demo.war --port=0}, in a separate
 * process, and talks to it over plain HTTP with the wire protocol (PROTOCOL.md): no client library.
 */
class ExecutableWarIT {
    private static final Pattern RUNNING = Pattern.compile("Duplex demo running at (http://[^/\\s]+/)");
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration REQUEST = Duration.ofSeconds(30);

    private static final List<String> OUTPUT = Collections.synchronizedList(new ArrayList<>());
    private static Process process;
    private static URI base;
    private static HttpClient http;

    @BeforeAll
    static void startWar() throws Exception {
        Path war = war();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-jar", war.toString(), "--port=0").redirectErrorStream(true).start();
        CompletableFuture<URI> address = new CompletableFuture<>();
        Thread reader = new Thread(() -> readOutput(address), "duplex-demo-output");
        reader.setDaemon(true);
        reader.start();
        try {
            base = address.get(STARTUP.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            stopWar();
            fail("the WAR did not print its address within " + STARTUP + "; output:\n" + String.join("\n", OUTPUT), e);
        }
        http = HttpClient.newBuilder().connectTimeout(REQUEST).build();
    }

    @AfterAll
    static void stopWar() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(15, TimeUnit.SECONDS);
        }
        process = null;
    }

    private static Path war() {
        String property = System.getProperty("duplex.war", "target/duplex-demo.war");
        Path war = Path.of(property).toAbsolutePath();
        assertTrue(Files.isRegularFile(war), "no WAR at " + war + " (run mvn verify, not mvn test)");
        return war;
    }

    private static void readOutput(CompletableFuture<URI> address) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                OUTPUT.add(line);
                Matcher m = RUNNING.matcher(line);
                if (m.find()) {
                    address.complete(URI.create(m.group(1)));
                }
            }
            address.completeExceptionally(new IOException("the process ended"));
        } catch (IOException e) {
            address.completeExceptionally(e);
        }
    }

    @Test
    void warKeepsTheLauncherOutOfWebInf() throws IOException {
        try (JarFile jar = new JarFile(war().toFile())) {
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
    void servesTheDemoPage() throws Exception {
        HttpResponse<String> page = get("");
        assertEquals(200, page.statusCode());
        String type = page.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("text/html"), type);
        assertTrue(page.body().contains("duplex.js"), "the page loads the client");
    }

    @Test
    void servesTheClientFromTheServerJar() throws Exception {
        HttpResponse<String> script = get("duplex.js");
        assertEquals(200, script.statusCode());
        assertTrue(script.body().contains("Duplex"));
    }

    @Test
    void hidesTheLauncher() throws Exception {
        int status = get("dev/duplex/demo/launcher/Main.class").statusCode();
        assertTrue(status == 403 || status == 404, "launcher class served with " + status);
    }

    @Test
    void echoesOverLongPolling() throws Exception {
        String[] session = handshake("echo");
        JsonArray acks = post("echo/send", session, "[{\"t\":\"msg\",\"seq\":1,\"d\":\"hi\"}]");
        assertEquals(JsonParser.parseString("[{\"t\":\"ack\",\"ack\":1}]"), acks);
        JsonObject expected = JsonParser.parseString("{\"t\":\"msg\",\"seq\":1,\"d\":\"hi\"}").getAsJsonObject();
        assertTrue(pollUntil("echo/poll", session, expected::equals), "echo reply");
    }

    @Test
    void tickerMountedFromWebXmlPublishesPrices() throws Exception {
        String[] session = handshake("ticker");
        post("ticker/send", session, "[{\"t\":\"sub\",\"seq\":1,\"topic\":\"prices\"}]");
        assertTrue(pollUntil("ticker/poll", session, f -> "msg".equals(string(f, "t"))
                && "prices".equals(string(f, "topic")) && f.getAsJsonObject("d").has("quotes")), "a price update");
    }

    @Test
    void chatAnnouncesWhoJoined() throws Exception {
        String[] session = handshake("chat");
        post("chat/send", session, "[{\"t\":\"msg\",\"seq\":1,\"d\":{\"type\":\"nick\",\"nick\":\"tester\"}},"
                + "{\"t\":\"sub\",\"seq\":2,\"topic\":\"chat/it\"}]");
        assertTrue(pollUntil("chat/poll", session, f -> "chat/it".equals(string(f, "topic"))
                && "join".equals(string(f.getAsJsonObject("d"), "type"))
                && "tester".equals(string(f.getAsJsonObject("d"), "nick"))), "a join notice");
    }

    /** Handshakes with the mount at {@code path}; returns {sid, token}. */
    private static String[] handshake(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path + "/handshake"))
                .timeout(REQUEST).POST(HttpRequest.BodyPublishers.ofString("{\"v\":1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response::body);
        JsonObject welcome = JsonParser.parseString(response.body()).getAsJsonObject();
        assertEquals(1, welcome.get("v").getAsInt());
        return new String[] {welcome.get("sid").getAsString(), welcome.get("token").getAsString()};
    }

    private static JsonArray post(String path, String[] session, String body) throws Exception {
        HttpResponse<String> response = http.send(session(HttpRequest.newBuilder(base.resolve(path)), session)
                .timeout(REQUEST).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response::body);
        return JsonParser.parseString(response.body()).getAsJsonArray();
    }

    /** Polls, acking as it goes, until a frame matches; at most a few polls. */
    private static boolean pollUntil(String path, String[] session, Predicate<JsonObject> match)
            throws Exception {
        long ack = 0;
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = http.send(session(HttpRequest.newBuilder(base.resolve(path)), session)
                    .header("X-Duplex-Ack", Long.toString(ack)).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response::body);
            for (JsonElement frame : JsonParser.parseString(response.body()).getAsJsonArray()) {
                JsonObject f = frame.getAsJsonObject();
                if (f.has("seq")) {
                    ack = Math.max(ack, f.get("seq").getAsLong());
                }
                if (match.test(f)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static HttpRequest.Builder session(HttpRequest.Builder request, String[] session) {
        return request.header("X-Duplex-Session", session[0]).header("X-Duplex-Token", session[1]);
    }

    private static String string(JsonObject object, String member) {
        JsonElement value = object == null ? null : object.get(member);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
