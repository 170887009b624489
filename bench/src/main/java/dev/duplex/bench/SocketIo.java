package dev.duplex.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Socket.IO 4.8.4 peer: its server ({@code bench/socketio/server.js}, a node process in place of the server
 * JVM, same {@code /ctl}) and its own client, {@code socket.io-client}, in a node load process
 * ({@code bench/socketio/load.js}) driven over stdin/stdout. {@code bench/run.sh} installs both from the
 * committed package-lock.json ({@code npm ci}). Runs the fanout and idle-mem scenarios the way {@link Bench}
 * does for the JVM peers, with the same metrics.
 */
final class SocketIo implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    private SocketIo() throws IOException {
        List<String> cmd = List.of("node", "--max-old-space-size=6144", script("load.js"));
        process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(
                new File("target/socketio-load.log"))).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    private static String script(String name) {
        return Path.of(System.getProperty("bench.root", "..")).resolve("bench/socketio").resolve(name)
                .toAbsolutePath().toString();
    }

    /** {@code node --version}, for the report. */
    static String nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            return v;
        } catch (IOException e) {
            return "node not found";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    /** The server process's command line, for {@link ServerProcess}. */
    static List<String> serverCommand() {
        return new ArrayList<>(List.of("node", "--expose-gc", "--max-old-space-size=4096", script("server.js")));
    }

    private JsonObject call(String command) throws IOException {
        in.write(command + "\n");
        in.flush();
        String line = out.readLine();
        if (line == null) {
            throw new IOException("socket.io load process ended (see target/socketio-load.log)");
        }
        JsonObject reply = JsonParser.parseString(line).getAsJsonObject();
        if (reply.has("error")) {
            throw new IOException("socket.io load: " + reply.get("error").getAsString());
        }
        return reply;
    }

    private long cpuMicros() {
        return ServerProcess.cpuMicros(process.pid());
    }

    private void connect(ServerProcess server, String transport, int n) throws Exception {
        call("connect " + server.base() + " " + n + " " + transport + " 200");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (server.stats().get("sessions") < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("server sees " + server.stats().get("sessions") + " of " + n);
            }
            Thread.sleep(50);
        }
    }

    static void fanout(Bench bench, String scenario, String transport, int subs, int[] rates, int size, int round)
            throws Exception {
        int warm = bench.quick ? 1 : 2;
        int measure = bench.quick ? 3 : 6;
        try (ServerProcess server = new ServerProcess("socketio"); SocketIo load = new SocketIo()) {
            load.connect(server, transport, subs);
            Thread.sleep(500);
            for (int rate : rates) {
                Map<String, Long> w = ServerProcess.parse(server.ctl("publish?rate=" + rate + "&count="
                        + rate * warm + "&size=" + size));
                load.call("drain " + w.get("last") + " 20000");
                Map<String, Long> st0 = server.stats();
                long serverCpu = server.cpuMicros();
                long clientCpu = load.cpuMicros();
                long t0 = System.nanoTime();
                load.call("window");
                Map<String, Long> p = ServerProcess.parse(server.ctl("publish?rate=" + rate + "&count="
                        + rate * measure + "&size=" + size));
                load.call("drain " + p.get("last") + " 20000");
                JsonObject r = load.call("report");
                double seconds = (System.nanoTime() - t0) / 1e9;
                Map<String, Long> st = server.stats();
                double delivered = r.get("delivered").getAsDouble();
                long wire = st.get("in") + st.get("out") - st0.get("in") - st0.get("out");
                Map<String, Double> row = new LinkedHashMap<>();
                row.put("delivered/s", delivered / seconds);
                row.put("p50 ms", r.get("p50").getAsDouble() / 1000.0);
                row.put("p99 ms", r.get("p99").getAsDouble() / 1000.0);
                row.put("p999 ms", r.get("p999").getAsDouble() / 1000.0);
                row.put("server µs/msg", delivered == 0 ? Double.NaN : (server.cpuMicros() - serverCpu) / delivered);
                row.put("client µs/msg", delivered == 0 ? Double.NaN : (load.cpuMicros() - clientCpu) / delivered);
                row.put("wire B/msg", delivered == 0 ? Double.NaN : wire / delivered);
                long expected = (p.get("last") - p.get("first") + 1) * subs;
                row.put("lost", (double) Math.max(0, expected - r.get("got").getAsLong()));
                row.put("dup", r.get("duplicates").getAsDouble());
                row.put("publish s", p.get("nanos") / 1e9);
                String param = "subs=" + subs + " rate=" + rate;
                bench.results.add(scenario, transport, param, "socketio", round, row);
                System.out.printf("  %-6s %-2s %-10s r%d %s%n", "socketio", transport, param, round,
                        Results.format(row));
            }
        }
    }

    static void idle(Bench bench, String transport, int n, int round, int idleSeconds) throws Exception {
        try (ServerProcess server = new ServerProcess("socketio"); SocketIo load = new SocketIo()) {
            Map<String, Long> before = ServerProcess.parse(server.ctl("mem"));
            load.connect(server, transport, n);
            Thread.sleep(1_000);
            Map<String, Long> after = ServerProcess.parse(server.ctl("mem"));
            Thread.sleep(1_000);
            long cpu0 = server.cpuMicros();
            long client0 = load.cpuMicros();
            Thread.sleep(idleSeconds * 1000L);
            Map<String, Double> row = new LinkedHashMap<>();
            row.put("heap KB/session", (after.get("heap") - before.get("heap")) / 1024.0 / n);
            row.put("RSS KB/session", (after.get("rss") - before.get("rss")) / 1024.0 / n);
            row.put("idle server CPU %", (server.cpuMicros() - cpu0) / (idleSeconds * 1e4));
            row.put("idle client CPU %", (load.cpuMicros() - client0) / (idleSeconds * 1e4));
            bench.results.add("idle-mem", transport, "sessions=" + n, "socketio", round, row);
            System.out.printf("  %-6s %-2s n=%d r%d %s%n", "socketio", transport, n, round, Results.format(row));
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            call("quit");
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
