package dev.duplex.bench;

import java.util.Locale;

/** The cluster scenarios' descriptions and the fan-out's goals (issue 14), reported, never asserted. */
final class ClusterReport {
    private static final String FANOUT = "Cross-node fan-out: 1 server-side publisher → 1,000 WebSocket subscribers of "
            + "one topic at 50 and 100 msg/s, 50-byte payload. '2 nodes + Redis': two Duplex JVMs (duplex-redis, "
            + "DuplexOptions.cluster = redis://…?node=A|B) on one private redis-server 7 (no persistence); session i "
            + "talks to node i mod 2 directly (no load balancer: a fan-out needs none), so 500 subscribers on each; "
            + "the publisher runs on node A and every publish goes through Redis (one EVAL of the topic's publish "
            + "script, PUBLISH to both nodes' subscriptions). '1 node': one Duplex JVM, no Redis, the same 1,000 "
            + "sessions. Interleaved (1 node, 2 nodes, 1 node, …), fresh JVMs and Redis each run; warm-up then a "
            + "measured window, drained. server µs/msg = CPU of every node JVM summed ÷ delivered messages; redis "
            + "µs/msg = redis-server's CPU likewise (not in server µs/msg); Redis EVAL/publish and cmds/publish from "
            + "INFO commandstats / total_commands_processed over the window ÷ publishes (cmds counts the commands "
            + "inside the script and the nodes' heartbeats; the INFO reads are left out).";

    private static final String CHURN = "3 Duplex nodes on one private redis-server carrying 1,000 idle, "
            + "subscribed WebSocket sessions (session i starts on node i mod 3, talking to it directly; a connect "
            + "that fails moves on to the next node, as a load balancer would), default cluster options "
            + "(nodeTimeoutMillis 10,000). 'kill -9': one node is killed; its sessions cannot resume (their state "
            + "died with it), so the next node answers their hello with close 4404 once the dead node's heartbeat "
            + "has expired, and each client starts a new session there; times from the kill until each is attached "
            + "again. 'rolling restart': node A, B, C in turn gets SIGTERM (Duplex.stop: sessions handed off "
            + "through Redis, clients told away) and is started again (a fresh JVM under the same node name); "
            + "'stop+start' is that node's SIGTERM until its new JVM serves, 'sessions attached' until every session "
            + "it held is attached again (on another node); 'started over (4404)' counts sessions that lost their "
            + "state (0 is the goal). Fresh nodes for each figure; times are wall clock on the shared machine.";

    private ClusterReport() {
    }

    static String parameters(String scenario) {
        return scenario.equals("cluster-fanout") ? FANOUT : CHURN;
    }

    /** One line per rate: the CPU ratio against 1.3×, with and without Redis, and the round trips per publish. */
    static void goal(StringBuilder b, Results r) {
        for (String[] key : r.keys("cluster-fanout")) {
            double single = fanout(r, key, "duplex", "server µs/msg");
            double nodes = fanout(r, key, "cluster", "server µs/msg");
            if (Double.isNaN(nodes) || Double.isNaN(single)) {
                continue;
            }
            double all = nodes + fanout(r, key, "cluster", "redis µs/msg");
            double evals = fanout(r, key, "cluster", "Redis EVAL/publish");
            b.append(String.format(Locale.ROOT, "Goal (issue 14), %s %s: CPU per delivered message ≤ 1.3× one node: "
                    + "nodes %s vs %s µs = ×%.2f (%s); with Redis's CPU %s µs = ×%.2f (%s). 1 Redis round trip per "
                    + "publish: %s EVAL/publish (%s).%n%n", key[0], key[1], Results.num(nodes), Results.num(single),
                    nodes / single, holds(nodes / single <= 1.3), Results.num(all), all / single,
                    holds(all / single <= 1.3), Results.num(evals), holds(evals <= 1.0)));
        }
    }

    private static double fanout(Results r, String[] key, String kind, String metric) {
        return r.median("cluster-fanout", key[0], key[1], kind, metric);
    }

    private static String holds(boolean holds) {
        return holds ? "holds" : "**does not hold**";
    }
}
