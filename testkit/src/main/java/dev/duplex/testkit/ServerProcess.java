package dev.duplex.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server the tests run as a child process: the executable WAR, or a container started by one of
 * {@code war/scripts/*.sh} (see {@link DemoDeployments}). Collects its output for failure messages, waits until it
 * answers, and stops it together with every process it started, on {@link #close()} or, as a last resort, when the
 * test JVM exits.
 */
public final class ServerProcess implements AutoCloseable {
    public static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Pattern RUNNING = Pattern.compile("Duplex demo running at (http://[^/\\s]+/)");
    private static final int TAIL = 60;

    private final String name;
    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final Thread shutdownHook;
    private boolean ended;
    private URI base;
    /** Where every line also goes, once {@link #logTo} named a file; guarded by {@code output}. */
    private Writer log;

    private ServerProcess(String name, ProcessBuilder builder) throws IOException {
        this.name = name;
        this.process = builder.redirectErrorStream(true).start();
        this.shutdownHook = new Thread(this::stop, name + "-stopper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Thread reader = new Thread(this::readOutput, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** {@code java -jar <war> --port=0 [arguments]}, ready once it prints its address. */
    public static ServerProcess executableWar(Path war, String... arguments) {
        return executableWar(war, STARTUP, arguments);
    }

    /** As {@link #executableWar(Path, String...)}, allowing {@code startup} to print its address. */
    public static ServerProcess executableWar(Path war, Duration startup, String... arguments) {
        requireFile(war, "no WAR at " + war + " (run mvn verify, not mvn test)");
        List<String> command = new ArrayList<>(List.of(java().toString(), "-jar", war.toString(), "--port=0"));
        command.addAll(List.of(arguments));
        ServerProcess server = start("duplex-demo.war", new ProcessBuilder(command));
        try {
            server.base = URI.create(server.awaitOutput(RUNNING, startup).group(1));
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /** {@code bash <script> PORT WORK_DIR} on a free port with {@code WAR=war}, ready once it serves /duplex.js. */
    public static ServerProcess script(Path script, Path workDir, Path war, Map<String, String> env) {
        ServerProcess server = launchScript(script, workDir, war, env);
        try {
            server.awaitHttp(server.base, "duplex.js", STARTUP);
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /**
     * As {@link #script}, but returns at once, without waiting for the WAR to serve: for a deployment that is
     * expected to fail. {@link #base()} is known at once; watch the output with {@link #awaitOutput}.
     */
    public static ServerProcess launchScript(Path script, Path workDir, Path war, Map<String, String> env) {
        requireFile(script, "no script at " + script);
        requireFile(war, "no WAR at " + war + " (run mvn verify, not mvn test)");
        int port = Processes.freePort();
        ProcessBuilder builder = new ProcessBuilder("bash", script.toAbsolutePath().toString(),
                Integer.toString(port), workDir.toAbsolutePath().toString());
        builder.environment().putAll(env);
        builder.environment().put("WAR", war.toAbsolutePath().toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("PATH", java().getParent() + ":" + System.getenv().getOrDefault("PATH", ""));
        ServerProcess server = start(script.getFileName().toString(), builder);
        server.base = URI.create("http://127.0.0.1:" + port + "/");
        return server;
    }

    private static ServerProcess start(String name, ProcessBuilder builder) {
        try {
            return new ServerProcess(name, builder);
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + builder.command(), e);
        }
    }

    private static void requireFile(Path file, String otherwise) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(otherwise);
        }
    }

    /** Where the server answers, with a trailing slash. */
    public URI base() {
        return base;
    }

    public int port() {
        return base.getPort();
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String origin() {
        return "http://127.0.0.1:" + port();
    }

    /** Waits for an output line that matches; fails with the output if the process ends or time runs out. */
    public Matcher awaitOutput(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        synchronized (output) {
            while (true) {
                for (; checked < output.size(); checked++) {
                    Matcher m = pattern.matcher(output.get(checked));
                    if (m.find()) {
                        return m;
                    }
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (ended || left <= 0) {
                    throw new AssertionError(name + (ended ? " ended" : " is still silent after " + timeout)
                            + " before printing " + pattern + describe());
                }
                try {
                    output.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        }
    }

    /** Polls {@code at + path} until it answers 200; fails with the output if the process ends first. */
    private void awaitHttp(URI at, String path, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(at.resolve(path)).timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError(name + " exited with " + process.exitValue() + " before " + at
                            + " answered" + describe());
                }
                try {
                    int status = http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200) {
                        base = at;
                        return;
                    }
                    last = "HTTP " + status;
                } catch (IOException e) {
                    last = e.toString();
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        throw new AssertionError(name + ": " + at.resolve(path) + " did not answer 200 within " + timeout
                + " (last: " + last + ")" + describe());
    }

    /** The process's last lines of output, for failure messages. */
    public String describe() {
        return "\n--- last lines of " + name + " ---\n" + log();
    }

    /**
     * Copies everything the server printed so far, and everything it prints from now on, to {@code file}
     * (replaced), so that the whole output of a run outlives the test's failure message.
     */
    public ServerProcess logTo(Path file) {
        synchronized (output) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                log = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                for (String line : output) {
                    log.write(line + "\n");
                }
                log.flush();
            } catch (IOException e) {
                output.add("(could not copy the output to " + file + ": " + e + ")");
                log = null;
            }
        }
        return this;
    }

    /** Every line printed so far that {@code pattern} finds something in. */
    public List<String> lines(Pattern pattern) {
        synchronized (output) {
            return output.stream().filter(line -> pattern.matcher(line).find()).toList();
        }
    }

    /** The last lines the server printed. */
    public String log() {
        synchronized (output) {
            return String.join("\n", output.subList(Math.max(0, output.size() - TAIL), output.size()));
        }
    }

    /** Kills the process at once, as a crash would ({@code kill -9}): no shutdown hook runs, nothing is answered. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(name + " survived SIGKILL", e);
        }
        close();
    }

    /** Whether the process still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the process and its descendants: SIGTERM, then SIGKILL for whatever is left after 20 s. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: nothing left to undo
        }
    }

    private void stop() {
        // Snapshot the tree first: once the parent is gone its children are re-parented and no longer found.
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        if (!awaitExit(tree, Duration.ofSeconds(20))) {
            tree.forEach(ProcessHandle::destroyForcibly);
            awaitExit(tree, Duration.ofSeconds(10));
        }
    }

    private static boolean awaitExit(List<ProcessHandle> tree, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle p : tree) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                p.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception timedOutOrInterrupted) {
                return false;
            }
        }
        return true;
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                synchronized (output) {
                    output.add(line);
                    output.notifyAll();
                    copy(line);
                }
            }
        } catch (IOException e) {
            synchronized (output) {
                output.add("(reading the output failed: " + e + ")");
            }
        } finally {
            synchronized (output) {
                ended = true;
                output.notifyAll();
                closeLog();
            }
        }
    }

    private void copy(String line) {
        if (log != null) {
            try {
                log.write(line + "\n");
                log.flush();
            } catch (IOException e) {
                closeLog();
            }
        }
    }

    private void closeLog() {
        if (log != null) {
            try {
                log.close();
            } catch (IOException e) {
                // the copy is as complete as it got
            }
            log = null;
        }
    }

    private static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
