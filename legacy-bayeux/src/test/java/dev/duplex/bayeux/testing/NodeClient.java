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
 * Runs the Node.js scripts of {@code src/test/node}: the npm {@code cometd} client, unmodified, through one
 * scenario ({@code cometd-client.mjs}), faye ({@code faye-client.cjs}), or cometd.js beside {@code duplex.js}
 * ({@code mixed.mjs}). Node and the npm packages are installed by the build ({@code npm ci} at {@code initialize}).
 */
public final class NodeClient {
    private NodeClient() {
    }

    /** The client's trace, one line per observation. Fails with the client's error and output otherwise. */
    public static List<String> run(String url, String transport, String scenario, boolean ack)
            throws IOException, InterruptedException {
        return run(url, transport, scenario, ack ? "ack" : "-");
    }

    /** As {@link #run(String, String, String, boolean)}, with the script's options ({@code ack,nosticky}). */
    public static List<String> run(String url, String transport, String scenario, String options)
            throws IOException, InterruptedException {
        JsonObject result = script("cometd-client.mjs", url, transport, scenario, options);
        List<String> trace = new ArrayList<>();
        result.getAsJsonArray("trace").forEach(line -> trace.add(line.getAsString()));
        return trace;
    }

    /** The faye client's trace through {@code scenario} ({@code faye-client.cjs}). */
    public static List<String> faye(String url, String transport, String scenario, String... more)
            throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of(url, transport, scenario));
        arguments.addAll(List.of(more));
        List<String> trace = new ArrayList<>();
        script("faye-client.cjs", arguments.toArray(String[]::new)).getAsJsonArray("trace")
                .forEach(line -> trace.add(line.getAsString()));
        return trace;
    }

    /** Runs {@code src/test/node/<name>} and returns the JSON object it prints last; fails on {"error"}. */
    public static JsonObject script(String name, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node",
                Path.of("src", "test", "node", name).toAbsolutePath().toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("node did not finish within 30 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        JsonObject result;
        try {
            result = JsonParser.parseString(output.substring(output.lastIndexOf('\n') + 1)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new AssertionError("node printed no result:\n" + output, e);
        }
        if (result.has("error")) {
            throw new AssertionError(name + " failed: " + result.get("error").getAsString() + "\n" + output);
        }
        return result;
    }
}
