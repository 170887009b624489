package dev.duplex.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster-churn scenario: {@link #NODES} Duplex nodes on one Redis carrying idle, subscribed WebSocket
 * sessions (session i starts on node i mod 3, talking to it directly; a connect that fails moves on to the next
 * node, as a load balancer would send it elsewhere). Two figures, each on fresh nodes:
 * <ul>
 *   <li>{@code kill -9}: one node is killed; the time until every one of its sessions is attached again. They
 *   cannot resume (the snapshot died with the node): the surviving node answers 4404 once the dead node's heartbeat
 *   expires ({@code nodeTimeoutMillis}, 10 s by default), and the client starts a new session there;</li>
 *   <li>rolling restart: each node in turn is stopped with SIGTERM (its sessions handed off through Redis, their
 *   clients told {@code away}), and started again; the time from the first stop until the last node is back and
 *   every session attached, and per node the time until its sessions were attached elsewhere.</li>
 * </ul>
 */
final class ClusterChurn {
    static final int NODES = 3;
    private static final String SCENARIO = "cluster-churn";
    private static final long ATTACH_TIMEOUT_NANOS = 120_000_000_000L;

    private ClusterChurn() {
    }

    static void run(Bench bench, int round) throws Exception {
        int subs = bench.quick ? 300 : 1_000;
        kill(bench, subs, round);
        rollingRestart(bench, subs, round);
    }

    private static void kill(Bench bench, int subs, int round) throws Exception {
        try (Load load = connected(subs)) {
            int victim = NODES - 1;
            List<ClientSession> orphans = new ArrayList<>();
            for (ClientSession s : load.sessions) {
                if (s.id % NODES == victim) {
                    orphans.add(s);
                }
            }
            long reconnects = load.reconnects.sum();
            long killed = System.nanoTime();
            load.nodes.kill(victim);
            long all = awaitAttached(orphans, killed);
            Histogram h = new Histogram();
            for (ClientSession s : orphans) {
                h.record((s.attachedAt - killed) / 1_000);
            }
            Map<String, Double> row = new LinkedHashMap<>();
            row.put("sessions moved", (double) orphans.size());
            row.put("first attached s", h.quantile(0) / 1e6);
            row.put("p50 attached s", h.quantile(0.5) / 1e6);
            row.put("all attached s", all / 1e9);
            row.put("started over (4404)", (double) load.restarts.sum());
            row.put("reconnects", (double) (load.reconnects.sum() - reconnects));
            record(bench, "kill -9 1 of " + NODES, round, row);
        }
    }

    private static void rollingRestart(Bench bench, int subs, int round) throws Exception {
        try (Load load = connected(subs)) {
            long reconnects = load.reconnects.sum();
            long start = System.nanoTime();
            Map<String, Double> row = new LinkedHashMap<>();
            row.put("sessions", (double) subs);
            for (int i = 0; i < NODES; i++) {
                long stopped = System.nanoTime();
                List<ClientSession> moved = new ArrayList<>();
                for (ClientSession s : load.sessions) {
                    if (((DuplexSession) s).node() == i) {
                        moved.add(s);
                    }
                }
                load.nodes.restart(i);
                long back = System.nanoTime() - stopped;
                long attached = awaitAttached(moved, stopped);
                row.put("node " + (char) ('A' + i) + " moved", (double) moved.size());
                row.put("node " + (char) ('A' + i) + " stop+start s", back / 1e9);
                row.put("node " + (char) ('A' + i) + " sessions attached s", attached / 1e9);
            }
            row.put("total s", (System.nanoTime() - start) / 1e9);
            row.put("started over (4404)", (double) load.restarts.sum());
            row.put("reconnects", (double) (load.reconnects.sum() - reconnects));
            record(bench, "rolling restart of " + NODES, round, row);
        }
    }

    /** Fresh nodes carrying {@code subs} subscribed WebSocket sessions. */
    private static Load connected(int subs) throws Exception {
        Load load = new Load(Nodes.cluster(NODES));
        try {
            Bench.connect(load, subs, 200, (l, i) -> new DuplexWs(l, i));
            System.out.println("  sessions per node: " + load.nodes.sessionsPerNode());
            Thread.sleep(1_000);
            return load;
        } catch (Exception e) {
            load.close();
            throw e;
        }
    }

    /** Waits until every session attached after {@code since}; nanoseconds from {@code since} to the last one. */
    private static long awaitAttached(List<ClientSession> sessions, long since) throws InterruptedException {
        long deadline = since + ATTACH_TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            long last = since;
            boolean all = true;
            for (ClientSession s : sessions) {
                long at = s.attachedAt;
                all &= at > since;
                last = Math.max(last, at);
            }
            if (all) {
                return last - since;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("sessions not attached again within " + ATTACH_TIMEOUT_NANOS / 1e9 + " s");
    }

    private static void record(Bench bench, String param, int round, Map<String, Double> row) {
        bench.results.add(SCENARIO, "ws", param, "cluster", round, row);
        System.out.printf("  cluster ws %s r%d %s%n", param, round, Results.format(row));
    }
}
