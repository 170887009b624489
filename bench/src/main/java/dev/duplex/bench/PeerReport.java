package dev.duplex.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The peers' part of BENCHMARKS.md: their configuration, a four-column table (Duplex / CometD / Socket.IO /
 * raw) after each scenario they ran in, and the Bayeux front door against CometD.
 */
final class PeerReport {
    private static final String[][] PEERS = {{"duplex", "Duplex"}, {"cometd", "CometD 9.0.0"},
        {"socketio", "Socket.IO 4.8.4"}, {"raw", "raw Jetty"}};
    private static final String[][] BAYEUX = {{"bayeux", "Duplex Bayeux front door"}, {"cometd", "CometD 9.0.0"}};
    private static final String[][] CLUSTER = {{"cluster", "2 nodes + Redis"}, {"duplex", "1 node"}};
    /** Scenarios whose kinds are not Duplex and raw: two columns and their ratio, first / second. */
    private static final Map<String, String[][]> OWN = Map.of("bayeux-fanout", BAYEUX, "cluster-fanout", CLUSTER,
            "cluster-churn", new String[][] {{"cluster", "3 nodes + Redis"}});
    private static final List<String> FANOUT_METRICS = List.of("delivered/s", "p50 ms", "p99 ms", "server µs/msg",
            "client µs/msg", "wire B/msg", "lost", "dup", "publish s");
    private static final List<String> CLUSTER_METRICS = List.of("delivered/s", "p50 ms", "p99 ms", "server µs/msg",
            "redis µs/msg", "Redis EVAL/publish", "Redis cmds/publish", "client µs/msg", "wire B/msg", "lost", "dup",
            "never delivered", "publish s");
    private static final List<String> IDLE_METRICS = List.of("heap KB/session", "RSS KB/session",
            "idle server CPU %", "idle client CPU %");

    private PeerReport() {
    }

    /** The scenario's description, for scenarios only the peers' report knows. */
    static String parameters(String scenario) {
        if (scenario.startsWith("cluster-")) {
            return ClusterReport.parameters(scenario);
        }
        return scenario.equals("bayeux-fanout") ? "Bayeux long-polling fan-out: 1 server-side publisher → 1,000 "
                + "CometD BayeuxClient subscribers (long-polling) of /bench at 50 msg/s, 50-byte payload; Duplex "
                + "with its Bayeux front door (duplex-bayeux, DuplexBayeux.mount at /cometd, default BayeuxOptions, "
                + "publishing to the hub's topic) against a CometD 9.0.0 server, interleaved; warm-up then a "
                + "measured window, drained." : "";
    }

    /** Whether the scenario's table is this class's alone (its kinds are not Duplex and raw). */
    static boolean ownsTable(String scenario) {
        return OWN.containsKey(scenario);
    }

    /** A bullet describing the peers' configuration, if any peer ran. */
    static void configuration(StringBuilder b, Results r) {
        boolean cometd = r.rows.stream().anyMatch(row -> row.kind().equals("cometd"));
        boolean socketIo = r.rows.stream().anyMatch(row -> row.kind().equals("socketio"));
        if (cometd) {
            b.append("- CometD 9.0.0 (Maven org.cometd.java): its own server JVM, same Jetty 12.1.8 connector as "
                    + "the others (headerCacheSize=0, traffic counted the same way); CometDServlet (async) on a "
                    + "BayeuxServerImpl with CometD's default options (timeout 30 s, interval 0, maxInterval 10 s, "
                    + "JettyJSONContextServer, no extensions), transports: long-polling (JSONHttpTransport) and "
                    + "WebSocket (JettyWebSocketTransport, cometd-java-server-websocket-jetty, CometD's transport "
                    + "for Jetty; the Jakarta one does not resolve from our Maven mirror). The publisher publishes "
                    + "on the ServerChannel /bench. Clients: CometD's BayeuxClient in the generator JVM, over "
                    + "cometd-java-client-http-jetty (long-polling) or cometd-java-client-websocket-jakarta "
                    + "(Jetty's Jakarta WebSocket client), no ack extension, all sharing one Jetty HttpClient "
                    + "(16 threads, no connection cap, each BayeuxClient with its own cookies), one WebSocket "
                    + "container and one scheduler.\n");
        }
        if (socketIo) {
            b.append("- Socket.IO 4.8.4 (npm socket.io, installed by bench/run.sh with npm ci from "
                    + "bench/socketio/package-lock.json): its own node (").append(SocketIo.nodeVersion())
                    .append(") process with the server's defaults plus perMessageDeflate: false; "
                    + "subscribers join the room \"bench\" (emit \"sub\", acked), the publisher emits to the room. "
                    + "Clients: socket.io-client 4.8.4 in one node load process, transports pinned per column "
                    + "(['websocket'] or ['polling']), otherwise defaults. Its heap is V8's heapUsed + external "
                    + "after 3× gc(); RSS is comparable across all four.\n");
        }
    }

    /** After a scenario's own table: the four columns, if peers ran in it. */
    static void table(StringBuilder b, Results r, String scenario) {
        boolean own = ownsTable(scenario);
        String[][] kinds = OWN.getOrDefault(scenario, PEERS);
        boolean ratio = own && kinds.length == 2;
        if (!own && r.rows.stream().noneMatch(row -> row.scenario().equals(scenario)
                && (row.kind().equals("cometd") || row.kind().equals("socketio")))) {
            return;
        }
        List<String> metrics = scenario.equals("idle-mem") ? IDLE_METRICS
                : scenario.equals("cluster-fanout") ? CLUSTER_METRICS
                : scenario.equals("cluster-churn") ? r.metrics(scenario) : FANOUT_METRICS;
        b.append(own ? "" : "Duplex and its peers, each with its own client (medians over rounds; lost and dup "
                + "summed):\n\n");
        b.append("| transport | parameters | metric |");
        for (String[] k : kinds) {
            b.append(' ').append(k[1]).append(" |");
        }
        b.append(ratio ? " ratio |" : "").append("\n|---|---|---|").append("---|".repeat(kinds.length))
                .append(ratio ? "---|" : "").append('\n');
        for (String[] key : r.keys(scenario)) {
            for (String m : metrics) {
                StringBuilder line = new StringBuilder();
                boolean any = false;
                double[] v = new double[kinds.length];
                for (int i = 0; i < kinds.length; i++) {
                    v[i] = value(r, scenario, key[0], key[1], kinds[i][0], m);
                    any |= !Double.isNaN(v[i]);
                    line.append(' ').append(Results.num(v[i])).append(" |");
                }
                if (!any) {
                    continue;
                }
                b.append("| ").append(key[0]).append(" | ").append(key[1]).append(" | ").append(m).append(" |")
                        .append(line);
                if (ratio) {
                    b.append(Double.isNaN(v[0]) || Double.isNaN(v[1]) || v[1] == 0 || summed(m) ? " |"
                            : String.format(Locale.ROOT, " ×%.2f |", v[0] / v[1]));
                }
                b.append('\n');
            }
        }
        b.append('\n');
        if (scenario.equals("cluster-fanout")) {
            ClusterReport.goal(b, r);
        } else if (scenario.equals("bayeux-fanout")) {
            goal(b, r, scenario);
        }
    }

    private static void goal(StringBuilder b, Results r, String scenario) {
        for (String[] key : r.keys(scenario)) {
            double cpu = r.median(scenario, key[0], key[1], "bayeux", "server µs/msg");
            double cpuRef = r.median(scenario, key[0], key[1], "cometd", "server µs/msg");
            double p99 = r.median(scenario, key[0], key[1], "bayeux", "p99 ms");
            double p99Ref = r.median(scenario, key[0], key[1], "cometd", "p99 ms");
            if (Double.isNaN(cpu) || Double.isNaN(cpuRef)) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "Goal (issue 15), at or below CometD: server µs/msg %s vs %s (%s), "
                    + "p99 %s vs %s ms (%s).%n%n", Results.num(cpu), Results.num(cpuRef),
                    cpu <= cpuRef ? "holds" : "**does not hold**", Results.num(p99), Results.num(p99Ref),
                    p99 <= p99Ref ? "holds" : "**does not hold**"));
        }
    }

    private static boolean summed(String metric) {
        return metric.equals("lost") || metric.equals("dup") || metric.equals("never delivered");
    }

    private static double value(Results r, String s, String t, String p, String kind, String m) {
        return summed(m) ? Report.sum(r, s, t, p, kind, m) : r.median(s, t, p, kind, m);
    }
}
