package dev.duplex.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The server side of one run: a single bench server JVM, or (kind {@code cluster}) {@link #CLUSTER_NODES} Duplex
 * nodes sharing a private {@code redis-server}. Sessions are spread over the nodes by id and talk to their own
 * node directly (no load balancer: a fan-out needs none, and a forwarding hop would measure something else).
 * The publisher is the first node's; its publishes go through Redis (the topic's Lua script) to every node.
 */
final class Nodes implements AutoCloseable {
    static final int CLUSTER_NODES = 2;
    final List<ServerProcess> servers;
    /** The shared Redis, or null on a single node. */
    final RedisProcess redis;

    private Nodes(List<ServerProcess> servers, RedisProcess redis) {
        this.servers = servers;
        this.redis = redis;
    }

    /** One server of {@code kind}, owned (closed) by these nodes. */
    static Nodes of(ServerProcess server) {
        return new Nodes(List.of(server), null);
    }

    /** {@code cluster}: {@link #cluster} of {@link #CLUSTER_NODES}; any other kind: one server of it. */
    static Nodes start(String kind) throws IOException, InterruptedException {
        return kind.equals("cluster") ? cluster(CLUSTER_NODES) : of(new ServerProcess(kind));
    }

    /** A redis-server and {@code count} Duplex nodes (A, B, …) on it. */
    static Nodes cluster(int count) throws IOException, InterruptedException {
        Nodes nodes = new Nodes(new CopyOnWriteArrayList<>(), new RedisProcess());
        try {
            for (int i = 0; i < count; i++) {
                nodes.servers.add(nodes.startNode(i));
            }
            return nodes;
        } catch (IOException | RuntimeException e) {
            nodes.close();
            throw e;
        }
    }

    private ServerProcess startNode(int i) throws IOException {
        return new ServerProcess("duplex", "--cluster=" + redis.uri(String.valueOf((char) ('A' + i))));
    }

    /** Kills node {@code i} ({@code SIGKILL}): no hand-off, its heartbeat expires. */
    void kill(int i) throws InterruptedException {
        Process p = servers.get(i).process;
        p.destroyForcibly().waitFor();
    }

    /** Stops node {@code i} gracefully (SIGTERM: hand-off, then {@code away}), waits for it, starts it again. */
    void restart(int i) throws IOException, InterruptedException {
        Process p = servers.get(i).process;
        p.destroy();
        // The hand-off and the away answers take up to twice stopGraceMillis; ServerProcess.close() would force
        // the JVM down after 10 s, which on a loaded machine could cut a hand-off short.
        p.waitFor(60, TimeUnit.SECONDS);
        servers.get(i).close();
        servers.set(i, startNode(i));
    }

    ServerProcess first() {
        return servers.get(0);
    }

    /** The mount of node {@code i mod n} (a restarted node's new port included). */
    URI base(int i) {
        return servers.get(Math.floorMod(i, servers.size())).base();
    }

    /** Every node's {@code /ctl/stats}, summed key by key. */
    Map<String, Long> stats() {
        Map<String, Long> sum = new HashMap<>();
        for (ServerProcess s : servers) {
            s.stats().forEach((k, v) -> sum.merge(k, v, Long::sum));
        }
        return sum;
    }

    /** Sessions per node, e.g. {@code [500, 500]}. */
    List<Long> sessionsPerNode() {
        return servers.stream().map(s -> s.stats().get("sessions")).toList();
    }

    /** CPU of every node's process, summed (µs). */
    long cpuMicros() {
        return servers.stream().mapToLong(ServerProcess::cpuMicros).sum();
    }

    /** Redis's CPU and command counters now, to diff with {@link #redisFigures}; empty without Redis. */
    Map<String, Long> redisCounters() {
        if (redis == null) {
            return Map.of();
        }
        try {
            Map<String, Long> c = new HashMap<>(redis.counters());
            c.put("cpu", redis.cpuMicros());
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Redis's share of a window since {@code start}: its CPU per delivered message, and per publish the EVALs
     * (round trips: a publish is one) and every command Redis ran (total_commands_processed, which in Redis 7
     * counts those inside a script too; the nodes' heartbeats included, the window's {@code INFO} reads not).
     */
    Map<String, Double> redisFigures(Map<String, Long> start, long publishes, long delivered) {
        Map<String, Double> row = new LinkedHashMap<>();
        if (redis == null || publishes == 0) {
            return row;
        }
        Map<String, Long> end = redisCounters();
        long infos = end.get("info") - start.get("info");
        row.put("redis µs/msg", delivered == 0 ? Double.NaN : (double) (end.get("cpu") - start.get("cpu")) / delivered);
        row.put("Redis EVAL/publish", (double) (end.get("eval") - start.get("eval")) / publishes);
        row.put("Redis cmds/publish", (double) (end.get("total") - start.get("total") - infos) / publishes);
        return row;
    }

    @Override
    public void close() throws InterruptedException {
        for (ServerProcess s : servers) {
            s.close();
        }
        if (redis != null) {
            redis.close();
        }
    }
}
