package dev.duplex.bench;

import java.io.BufferedReader;
import java.io.File;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A bench server in its own JVM: started, controlled over {@code /ctl}, measured through /proc, stopped. */
final class ServerProcess implements AutoCloseable {
    static final long MICROS_PER_TICK = 10_000;
    static final String JVM_HEAP = "-Xmx4g";
    private static final HttpClient CTL = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final String kind;
    final Process process;
    final int port;

    ServerProcess(String kind, String... flags) throws IOException {
        this.kind = kind;
        List<String> cmd = "socketio".equals(kind) ? SocketIo.serverCommand()
                : new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", JVM_HEAP, "-XX:+UseG1GC", "-cp", System.getProperty("java.class.path"),
                BenchServer.class.getName(), kind));
        String jvmOpts = System.getenv("BENCH_SERVER_JAVA_OPTS");
        if (jvmOpts != null && !jvmOpts.isBlank() && !"socketio".equals(kind)) {
            // e.g. -XX:StartFlightRecording=filename=target/%k-%t.jfr,settings=profile (bench/README.md): %k is
            // the kind, %t the start time (Java 17's JFR expands neither).
            cmd.addAll(1, List.of(jvmOpts.trim().replace("%k", kind)
                    .replace("%t", Long.toString(System.currentTimeMillis())).split("\\s+")));
        }
        cmd.addAll(List.of(flags));
        File log = new File("target/server-" + kind + ".log");
        process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log)).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line = out.readLine();
        while (line != null && !line.startsWith("PORT ")) {
            line = out.readLine(); // a JVM option's own output (JFR's start line, say)
        }
        if (line == null || !line.startsWith("PORT ")) {
            process.destroyForcibly();
            throw new IOException("server did not start: " + line + " (see " + log + ")");
        }
        port = Integer.parseInt(line.substring(5).trim());
    }

    /** The mount's base URI for the load generator. */
    URI base() {
        return URI.create("http://127.0.0.1:" + port + switch (kind) {
            case "duplex" -> "/d";
            case "cometd", "bayeux" -> "/cometd";
            case "socketio" -> "";
            default -> "/raw";
        });
    }

    String ctl(String path) {
        return ctlAsync(path).join();
    }

    CompletableFuture<String> ctlAsync(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ctl/" + path))
                .timeout(Duration.ofMinutes(5)).build();
        return CTL.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(HttpResponse::body);
    }

    /** {@code a=1 b=2} as a map. */
    static Map<String, Long> parse(String text) {
        Map<String, Long> m = new HashMap<>();
        for (String kv : text.trim().split(" ")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), Long.parseLong(kv.substring(eq + 1)));
        }
        return m;
    }

    Map<String, Long> stats() {
        return parse(ctl("stats"));
    }

    long cpuMicros() {
        return cpuMicros(process.pid());
    }

    /** utime + stime of a process, from /proc/PID/stat, in microseconds (10 ms resolution). */
    static long cpuMicros(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * MICROS_PER_TICK;
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * With {@code -Dbench.histogram=true}, writes the server's live-object histogram ({@code jcmd
     * GC.class_histogram}) to {@code target/histogram-<kind>-<label>.txt}: what each session retains.
     */
    void classHistogram(String label) throws IOException, InterruptedException {
        if (!Boolean.getBoolean("bench.histogram")) {
            return;
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        File file = new File("target/histogram-" + kind + "-" + label + ".txt");
        new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.class_histogram")
                .redirectErrorStream(true).redirectOutput(file).start().waitFor(120, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
