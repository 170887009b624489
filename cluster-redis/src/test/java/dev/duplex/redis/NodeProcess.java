package dev.duplex.redis;

import dev.duplex.server.testing.RecordingHandler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cluster node in a JVM of its own, so a test can kill it with {@code SIGKILL} as {@code kill -9} does: no
 * goodbye to Redis, no answer to anyone. It runs {@link #main} on this test's class path and echoes messages.
 */
final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final URI mountUri;

    NodeProcess(URI redis, String mount, String name) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        process = new ProcessBuilder(List.of(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                NodeProcess.class.getName(), redis.toString(), mount, name)).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line;
        String uri = null;
        while (uri == null && (line = out.readLine()) != null) {
            if (line.startsWith("MOUNT ")) {
                uri = line.substring("MOUNT ".length());
            }
        }
        if (uri == null) {
            process.destroyForcibly();
            throw new IOException("the node process ended before it served");
        }
        mountUri = URI.create(uri);
        Thread drain = new Thread(() -> out.lines().forEach(ignored -> { }), "node-process-output");
        drain.setDaemon(true);
        drain.start();
    }

    URI mountUri() {
        return mountUri;
    }

    /** {@code kill -9}. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    /** The node: {@code redisUri mount name}; prints its mount URI, then serves until killed. */
    public static void main(String[] args) throws Exception {
        ClusterNode node = new ClusterNode(args[1], new RecordingHandler(), Nodes.options(URI.create(args[0]), args[2]),
                null);
        System.out.println("MOUNT " + node.mountUri());
        System.out.flush();
        Thread.currentThread().join();
    }
}
