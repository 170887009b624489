package dev.duplex.testkit;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A Duplex cluster as issue 14 describes it, all of it real and private to the test: one {@code redis-server},
 * several demo WAR nodes, each its own JVM ({@code java -jar duplex-demo.war --port=P --redis=… --node=A}), and
 * nginx round-robin in front with no stickiness ({@link Nginx#roundRobin}). Every response names the node that
 * served it in {@code X-Duplex-Node}. Nodes keep their port across restarts, so nginx finds them again.
 *
 * <p>Every run of every node copies its whole output to {@code <logs>/<node>-<run>.log} (logs: the system property
 * {@code duplex.cluster.logs}, else {@code target/cluster-logs}, in a directory per rig), and {@link #describe()}
 * shows the last lines of the running nodes and of each node's previous run, the stop logs included.
 *
 * <p>Faults: {@link #restart} stops a node gracefully (SIGTERM: the launcher runs {@code Duplex.stop} first, so its
 * clients are told {@code away}) and starts it again; {@link #kill} is {@code kill -9}; {@link #redis()} pauses or
 * empties Redis.
 */
public final class ClusterRig implements AutoCloseable {
    private final Path war;
    private final RedisServer redis;
    private final List<Integer> ports = new ArrayList<>();
    private final List<ServerProcess> nodes = new ArrayList<>();
    private final List<String> extraArguments;
    /** Each node's previous run, once stopped or killed, for its output. */
    private final List<ServerProcess> previous = new ArrayList<>();
    private final List<Integer> runs = new ArrayList<>();
    private final Path logs;
    private Nginx nginx;

    private ClusterRig(Path war, int size, List<String> extraArguments) {
        this.war = war;
        this.extraArguments = List.copyOf(extraArguments);
        this.logs = Path.of(System.getProperty("duplex.cluster.logs", "target/cluster-logs"))
                .resolve("rig-" + System.currentTimeMillis() + "-" + ProcessHandle.current().pid());
        redis = RedisServer.start();
        try {
            for (int i = 0; i < size; i++) {
                ports.add(Processes.freePort());
                nodes.add(null);
                previous.add(null);
                runs.add(0);
            }
            // The JVMs start in parallel: a node takes seconds, mostly class loading.
            List<CompletableFuture<ServerProcess>> starting = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                int node = i;
                starting.add(CompletableFuture.supplyAsync(() -> launch(node)));
            }
            for (int i = 0; i < size; i++) {
                nodes.set(i, starting.get(i).join());
            }
            nginx = Nginx.roundRobin(ports);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /**
     * Starts Redis, {@code size} nodes of the demo WAR ({@link DemoDeployment#war()}) and nginx.
     *
     * @param extraArguments launcher arguments for every node, e.g. {@code --stop-retry-max-millis=2000}
     */
    public static ClusterRig start(int size, String... extraArguments) {
        return new ClusterRig(DemoDeployment.war(), size, List.of(extraArguments));
    }

    private ServerProcess launch(int node) {
        int run = nextRun(node);
        List<String> arguments = new ArrayList<>(List.of("--port=" + ports.get(node), "--redis=" + redis.uri(),
                "--node=" + name(node)));
        arguments.addAll(extraArguments);
        // Generous: several JVMs start at once, on a CI machine that may be busy with other builds.
        return ServerProcess.executableWar(war, Duration.ofMinutes(3), arguments.toArray(String[]::new))
                .logTo(logs.resolve(name(node) + "-" + run + ".log"));
    }

    /** Counts node {@code node}'s runs; nodes start in parallel. */
    private synchronized int nextRun(int node) {
        runs.set(node, runs.get(node) + 1);
        return runs.get(node);
    }

    /** Where each run of each node copies its output. */
    public Path logs() {
        return logs;
    }

    /** The name of node {@code i} in {@code X-Duplex-Node}: A, B, C… */
    public static String name(int node) {
        return Character.toString('A' + node);
    }

    /** How many nodes. */
    public int size() {
        return nodes.size();
    }

    /** Through nginx: {@code http://127.0.0.1:PORT/}. */
    public URI base() {
        return URI.create(nginx.origin() + "/");
    }

    /** Node {@code i} itself, past nginx: {@code http://127.0.0.1:PORT/}. */
    public URI node(int i) {
        return URI.create("http://127.0.0.1:" + ports.get(i) + "/");
    }

    /** The node's process, e.g. for its log. */
    public ServerProcess process(int i) {
        return nodes.get(i);
    }

    public RedisServer redis() {
        return redis;
    }

    /**
     * Stops node {@code i} gracefully (SIGTERM) and waits until it has exited; returns its process, for its
     * output, or null if it was not running.
     */
    public ServerProcess stop(int i) {
        ServerProcess node = nodes.set(i, null);
        if (node != null) {
            previous.set(i, node);
            node.close();
        }
        return node;
    }

    /** Starts node {@code i} again, on its port, and waits until it serves. */
    public void start(int i) {
        if (nodes.get(i) == null) {
            nodes.set(i, launch(i));
        }
    }

    /** A rolling deploy's step: {@link #stop} node {@code i}, then {@link #start} it. */
    public void restart(int i) {
        stop(i);
        start(i);
    }

    /** Kills node {@code i} with SIGKILL, as a crash: nothing it holds is answered. */
    public void kill(int i) {
        ServerProcess node = nodes.set(i, null);
        if (node != null) {
            previous.set(i, node);
            node.kill();
        }
    }

    /**
     * The last lines of every running node and of each node's previous run (stopped or killed), and nginx's error
     * log, for failure messages.
     */
    public String describe() {
        StringBuilder out = new StringBuilder("\n(every node's whole output: " + logs.toAbsolutePath() + ")");
        for (int i = 0; i < nodes.size(); i++) {
            if (previous.get(i) != null) {
                out.append(previous.get(i).describe().replace("duplex-demo.war", "node " + name(i)
                        + (nodes.get(i) == null ? ", stopped" : ", previous run")));
            }
            if (nodes.get(i) != null) {
                out.append(nodes.get(i).describe().replace("duplex-demo.war", "node " + name(i)));
            }
        }
        return out.append("\n--- nginx error log ---\n").append(nginx == null ? "" : nginx.errorLog()).toString();
    }

    @Override
    public void close() {
        List<AutoCloseable> pieces = new ArrayList<>();
        pieces.add(nginx);
        pieces.addAll(nodes);
        pieces.add(redis);
        for (AutoCloseable piece : pieces) {
            try {
                if (piece != null) {
                    piece.close();
                }
            } catch (Exception e) {
                // the others still stop
            }
        }
    }
}
