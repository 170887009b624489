package dev.duplex.bayeux.testing;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code src/test/node/cometd-client.mjs}: the npm {@code cometd} client, unmodified, in Node.js, through
 * one scenario. Node and the npm packages are installed by the build ({@code npm ci} at {@code initialize}).
 */
public final class NodeClient {
    private NodeClient() {
    }

    /** The client's trace, one line per observation. Fails with the client's error and output otherwise. */
    public static List<String> run(String url, String transport, String scenario, boolean ack)
            throws IOException, InterruptedException {
        Path script = Path.of("src", "test", "node", "cometd-client.mjs").toAbsolutePath();
        Process process = new ProcessBuilder("node", script.toString(), url, transport, scenario, ack ? "ack" : "-")
                .redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("node did not finish within 30 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String last = output.strip().substring(output.strip().lastIndexOf('\n') + 1);
        JsonObject result;
        try {
            result = JsonParser.parseString(last).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new AssertionError("node printed no result:\n" + output, e);
        }
        if (result.has("error")) {
            throw new AssertionError("cometd.js failed: " + result.get("error").getAsString() + "\n" + output);
        }
        List<String> trace = new ArrayList<>();
        result.getAsJsonArray("trace").forEach(line -> trace.add(line.getAsString()));
        return trace;
    }
}
