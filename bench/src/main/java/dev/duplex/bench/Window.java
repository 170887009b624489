package dev.duplex.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counters at the start of a measured window, and the row they make when it closes. Server CPU and wire bytes are
 * summed over the run's nodes; with a cluster, Redis's share is added ({@link Nodes#redisFigures}).
 */
final class Window {
    private final Results results;
    private final Load load;
    private final long nanos = System.nanoTime();
    private final long serverCpu;
    private final long clientCpu = Bench.selfCpu();
    private final long wire;
    private final long published;
    private final long counts;
    private final long httpErrors;
    private final Map<String, Long> redis;

    Window(Results results, Load load) {
        this.results = results;
        this.load = load;
        Map<String, Long> st = load.nodes.stats();
        wire = st.get("in") + st.get("out");
        published = st.getOrDefault("published", 0L);
        serverCpu = load.nodes.cpuMicros();
        redis = load.nodes.redisCounters();
        counts = Bench.sumCounts(load);
        httpErrors = load.httpErrors.sum();
        load.resetWindow();
    }

    /** Closes the window and records the row; {@code expected} is the number of payloads it should hold. */
    Map<String, Double> finish(String scenario, String kind, String transport, String param, int round,
            long expected) {
        long serverCpuUsed = load.nodes.cpuMicros() - serverCpu;
        long clientCpuUsed = Bench.selfCpu() - clientCpu;
        double seconds = (System.nanoTime() - nanos) / 1e9;
        Map<String, Long> st = load.nodes.stats();
        long wireUsed = st.get("in") + st.get("out") - wire;
        long delivered = load.delivered.sum();
        long got = Bench.sumCounts(load) - counts;
        Histogram h = load.histogram;
        Map<String, Double> row = new LinkedHashMap<>();
        row.put("delivered/s", delivered / seconds);
        row.put("p50 ms", h.quantile(0.50) / 1000.0);
        row.put("p99 ms", h.quantile(0.99) / 1000.0);
        row.put("p999 ms", h.quantile(0.999) / 1000.0);
        row.put("server µs/msg", delivered == 0 ? Double.NaN : (double) serverCpuUsed / delivered);
        row.putAll(load.nodes.redisFigures(redis, st.getOrDefault("published", 0L) - published, delivered));
        row.put("client µs/msg", delivered == 0 ? Double.NaN : (double) clientCpuUsed / delivered);
        row.put("wire B/msg", delivered == 0 ? Double.NaN : (double) wireUsed / delivered);
        row.put("lost", (double) Math.max(0, expected - got));
        row.put("dup", (double) load.duplicates.sum());
        row.put("HTTP errors", (double) (load.httpErrors.sum() - httpErrors));
        results.add(scenario, transport, param, kind, round, row);
        System.out.printf("  %-6s %-2s %-10s r%d %s%n", kind, transport, param, round, Results.format(row));
        return row;
    }
}
