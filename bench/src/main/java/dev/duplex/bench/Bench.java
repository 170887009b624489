package dev.duplex.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The benchmark driver, in the load generator's JVM. Each scenario runs Duplex and the raw reference
 * interleaved (D R D R …, {@code rounds} rounds), each in a fresh server JVM, and reports medians and ratios.
 *
 * <p>Usage: {@code Bench [scenario|all|quick] [--rounds N] [--rounds-for s=N,…] [--out FILE]
 * [--peers|--no-peers]}. Full runs of
 * idle-mem, fanout-small and fanout-ladder include the peers (CometD, Socket.IO) unless {@code --no-peers}.
 */
public final class Bench {
    static final String[] KINDS = {"duplex", "raw"};
    static final String[] TRANSPORTS = {"ws", "lp"};
    static final List<String> ALL = List.of("idle-mem", "fanout-small", "fanout-ladder", "echo", "connect-storm",
            "fallback", "reconnect", "bayeux-fanout", "cluster-fanout", "cluster-churn");
    /** With peers (the default for full runs): these scenarios also run CometD and Socket.IO, interleaved. */
    static final List<String> WITH_PEERS = List.of("idle-mem", "fanout-small", "fanout-ladder");
    static final String[] PEER_KINDS = {"duplex", "cometd", "socketio", "raw"};
    /** The Bayeux front door against CometD, both driven by CometD's BayeuxClient. */
    static final String[] BAYEUX_KINDS = {"bayeux", "cometd"};
    /** One Duplex node against {@link Nodes#CLUSTER_NODES} on a shared Redis, the same sessions spread over them. */
    static final String[] CLUSTER_KINDS = {"duplex", "cluster"};

    final Results results = new Results();
    final boolean quick;
    final int rounds;
    final List<Double> loadAverages = new ArrayList<>();
    int[] idleSizes;
    boolean peers;
    /** {@code --rounds-for scenario=N,…}: scenarios run another number of rounds than {@link #rounds}. */
    final Map<String, Integer> roundsFor = new LinkedHashMap<>();

    Bench(boolean quick, int rounds) {
        this.quick = quick;
        this.rounds = rounds;
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "quick";
        boolean quick = which.equals("quick") || Arrays.asList(args).contains("--quick");
        int rounds = quick ? 1 : 3;
        String out = quick ? "bench/results/quick.md" : "BENCHMARKS.md";
        int[] sizes = null;
        Map<String, Integer> roundsFor = new LinkedHashMap<>();
        for (int i = 1; i < args.length - 1; i++) {
            if (args[i].equals("--rounds")) {
                rounds = Integer.parseInt(args[i + 1]);
            } else if (args[i].equals("--out")) {
                out = args[i + 1];
            } else if (args[i].equals("--rounds-for")) {
                for (String kv : args[i + 1].split(",")) {
                    String[] p = kv.split("=");
                    roundsFor.put(p[0], Integer.parseInt(p[1]));
                }
            } else if (args[i].equals("--sizes")) {
                sizes = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
            }
        }
        List<String> scenarios = which.equals("all") ? ALL
                : which.equals("quick") ? List.of("fanout-small", "reconnect") : Arrays.asList(which.split(","));
        Bench bench = new Bench(quick, rounds);
        bench.idleSizes = sizes;
        bench.roundsFor.putAll(roundsFor);
        bench.peers = Arrays.asList(args).contains("--peers") || !quick && !Arrays.asList(args).contains("--no-peers");
        int status = bench.run(scenarios, Path.of(System.getProperty("bench.root", ".")).resolve(out));
        System.exit(status);
    }

    int run(List<String> scenarios, Path out) throws Exception {
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(Load.daemon("loadavg"));
        sampler.scheduleAtFixedRate(this::sampleLoad, 0, 5, TimeUnit.SECONDS);
        ZonedDateTime started = ZonedDateTime.now();
        long t0 = System.nanoTime();
        List<String> done = new ArrayList<>();
        Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath();
        String name = out.getFileName().toString();
        Path svg = name.equals("BENCHMARKS.md") ? root.resolve("bench/results/latency.svg")
                : out.toAbsolutePath().getParent().resolve(name.replaceAll("\\.md$", "") + "-latency.svg");
        for (String s : scenarios) {
            int n = roundsFor.getOrDefault(s, rounds);
            System.out.println("== " + s + (quick ? " (quick)" : "") + ", " + n + " round(s)");
            for (int round = 1; round <= n; round++) {
                for (String kind : kinds(s)) {
                    try {
                        scenario(s, kind, round);
                    } catch (Exception e) {
                        if (kind.equals("duplex") || kind.equals("raw") || kind.equals("cluster")) {
                            throw e;
                        }
                        // A peer that fails (on an overloaded machine) loses its row, not the whole run.
                        System.out.println("  " + kind + " " + s + " r" + round + " FAILED: " + e);
                    }
                }
            }
            done.add(s);
            // Written after every scenario, so a later failure keeps what was measured.
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, Report.markdown(this, done, started, (System.nanoTime() - t0) / 1_000_000_000L));
            writeChart(svg);
        }
        sampler.shutdownNow();
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        String report = Report.markdown(this, scenarios, started, seconds);
        System.out.println(report);
        Files.writeString(out, report);
        System.out.println("wrote " + out + (writeChart(svg) ? " and " + svg : ""));
        long lost = results.sum("duplex", null, "lost") + results.sum("cluster", null, "lost");
        long dup = results.sum("duplex", null, "dup") + results.sum("cluster", null, "dup");
        if (lost != 0 || dup != 0) {
            System.out.println("FAIL: Duplex lost " + lost + ", duplicated " + dup);
            return 1;
        }
        System.out.println("OK: nothing lost or duplicated by Duplex");
        return 0;
    }

    /** The latency chart of fanout-small (quick) or fanout-ladder, if the run has it; whether it was written. */
    private boolean writeChart(Path svg) throws IOException {
        String scenario = quick ? "fanout-small" : "fanout-ladder";
        if (results.keys(scenario).isEmpty()) {
            return false;
        }
        Files.createDirectories(svg.getParent());
        Files.writeString(svg, Report.svg(results, scenario));
        return true;
    }

    String[] kinds(String scenario) {
        if (scenario.equals("bayeux-fanout")) {
            return BAYEUX_KINDS;
        }
        if (scenario.equals("cluster-fanout")) {
            return CLUSTER_KINDS;
        }
        if (scenario.equals("cluster-churn")) {
            return new String[] {"cluster"};
        }
        return peers && WITH_PEERS.contains(scenario) ? PEER_KINDS : KINDS;
    }

    private void sampleLoad() {
        try {
            String avg = Files.readString(Path.of("/proc/loadavg"));
            synchronized (loadAverages) {
                loadAverages.add(Double.parseDouble(avg.split(" ")[0]));
            }
        } catch (IOException e) {
            // not on Linux
        }
    }

    private void scenario(String s, String kind, int round) throws Exception {
        switch (s) {
            case "idle-mem" -> {
                for (int n : idleSizes != null ? idleSizes : quick ? new int[] {500} : new int[] {2_000, 10_000}) {
                    for (String t : TRANSPORTS) {
                        idle(kind, t, n, round);
                    }
                }
            }
            case "fanout-small" -> {
                for (String t : TRANSPORTS) {
                    fanout(s, kind, t, 100, new int[] {100}, 50, round);
                }
            }
            case "fanout-ladder" -> {
                for (String t : TRANSPORTS) {
                    fanout(s, kind, t, 1_000, quick ? new int[] {10, 50} : new int[] {10, 50, 100, 150, 200}, 50,
                            round);
                }
            }
            case "echo" -> {
                for (String t : TRANSPORTS) {
                    echo(kind, t, quick ? 100 : 1_000, round);
                }
            }
            case "connect-storm" -> {
                for (String t : TRANSPORTS) {
                    storm(kind, t, quick ? 200 : 2_000, round);
                }
            }
            case "fallback" -> fallback(kind, round);
            case "reconnect" -> {
                for (String t : TRANSPORTS) {
                    reconnect(kind, t, quick ? 100 : 1_000, round);
                }
            }
            case "bayeux-fanout" -> fanout(s, kind, "lp", 1_000, new int[] {50}, 50, round);
            case "cluster-fanout" -> fanout(s, kind, "ws", 1_000, quick ? new int[] {50} : new int[] {50, 100}, 50,
                    round);
            case "cluster-churn" -> ClusterChurn.run(this, round);
            default -> throw new IllegalArgumentException("unknown scenario " + s + "; known: " + ALL);
        }
    }

    // ------------------------------------------------------------------ plumbing

    static ClientSession session(Load load, String kind, String transport, int id) {
        if (kind.equals("cometd") || kind.equals("bayeux")) {
            return new CometdClient(load, id, transport);
        }
        if (kind.equals("duplex") || kind.equals("cluster")) {
            return transport.equals("ws") ? new DuplexWs(load, id)
                    : new DuplexLp(load, id, false);
        }
        return transport.equals("ws") ? new RawWs(load, id) : new RawLp(load, id);
    }

    /** Starts n sessions, at most {@code concurrency} connecting at once, and waits until all are subscribed. */
    static void connect(Load load, int n, int concurrency,
            BiFunction<Load, Integer, ClientSession> factory) throws Exception {
        Semaphore permits = new Semaphore(concurrency);
        List<CompletableFuture<Long>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!permits.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("connect stalled at " + i);
            }
            ClientSession s = factory.apply(load, i);
            load.sessions.add(s);
            s.ready.whenComplete((v, e) -> permits.release());
            all.add(s.ready);
            s.start();
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(120, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (load.nodes.stats().get("sessions") < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("server sees " + load.nodes.sessionsPerNode() + " of " + n);
            }
            Thread.sleep(50);
        }
    }

    static long sumCounts(Load load) {
        long n = 0;
        for (ClientSession s : load.sessions) {
            n += s.count();
        }
        return n;
    }

    /** Waits until every session has seen index {@code last}; false on timeout. */
    static boolean drain(Load load, long last, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        outer:
        while (System.nanoTime() < deadline) {
            for (ClientSession s : load.sessions) {
                if (s.lastIndex() < last) {
                    Thread.sleep(20);
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static long selfCpu() {
        return ServerProcess.cpuMicros(ProcessHandle.current().pid());
    }

    // ------------------------------------------------------------------ scenarios

    private void fanout(String scenario, String kind, String transport, int subs, int[] rates, int size, int round)
            throws Exception {
        if (kind.equals("socketio")) {
            SocketIo.fanout(this, scenario, transport, subs, rates, size, round);
            return;
        }
        // -Dbench.warmSeconds (BENCH_JAVA_OPTS): a longer warm-up before each rate's window, e.g. to let fresh
        // server JVMs finish compiling the fan-out path before it is measured.
        int warm = Integer.getInteger("bench.warmSeconds", quick ? 1 : 2);
        int measure = quick ? 3 : 6;
        try (Load load = new Load(Nodes.start(kind))) {
            ServerProcess server = load.nodes.first();
            connect(load, subs, 200, (l, i) -> session(l, kind, transport, i));
            if (load.nodes.servers.size() > 1) {
                System.out.println("  sessions per node: " + load.nodes.sessionsPerNode());
            }
            Thread.sleep(500);
            Map<String, Double> row = null;
            for (int rate : rates) {
                Map<String, Long> w = ServerProcess.parse(server.ctl("publish?rate=" + rate + "&count="
                        + rate * warm + "&size=" + size));
                drain(load, w.get("last"), 20_000);
                Window window = new Window(results, load);
                Map<String, Long> p = ServerProcess.parse(server.ctl("publish?rate=" + rate + "&count="
                        + rate * measure + "&size=" + size));
                if (!drain(load, p.get("last"), 60_000)) {
                    System.out.println("  drain timed out: what is still missing counts as lost in this window");
                }
                row = window.finish(scenario, kind, transport, "subs=" + subs + " rate=" + rate, round,
                        (p.get("last") - p.get("first") + 1) * subs);
                row.put("publish s", p.get("nanos") / 1e9);
            }
            // A window's 'lost' is what had not arrived when it closed; this is what never arrived at all.
            row.put("never delivered", (double) neverDelivered(load));
        }
    }

    /** Indexes each session skipped, over the whole run (every session subscribed before the first publish). */
    static long neverDelivered(Load load) {
        long n = 0;
        for (ClientSession s : load.sessions) {
            n += s.lastIndex() - s.count();
        }
        return n;
    }

    private void echo(String kind, String transport, int clients, int round) throws Exception {
        int measure = quick ? 3 : 8;
        try (ServerProcess server = new ServerProcess(kind); Load load = new Load(server)) {
            connect(load, clients, 200, (l, i) -> session(l, kind, transport, i));
            Thread.sleep(500);
            List<ClientSession> sessions = new ArrayList<>(load.sessions);
            long[] sent = new long[clients];
            Window window = null;
            // 100 ticks a second; each client sends once a second. The first second is warm-up.
            for (int tick = 0; tick < 100 * (measure + 1); tick++) {
                if (tick == 100) {
                    window = new Window(results, load);
                }
                for (int i = tick % 100; i < clients; i += 100) {
                    sessions.get(i).send(BenchServer.payload(++sent[i], 2_048));
                }
                Thread.sleep(10);
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < deadline && !allEchoed(sessions, sent)) {
                Thread.sleep(20);
            }
            long expected = 0;
            for (long n : sent) {
                expected += n - 1;
            }
            window.finish("echo", kind, transport, "clients=" + clients + " 1/s 2KB", round, expected);
        }
    }

    private static boolean allEchoed(List<ClientSession> sessions, long[] sent) {
        for (int i = 0; i < sent.length; i++) {
            if (sessions.get(i).lastIndex() < sent[i]) {
                return false;
            }
        }
        return true;
    }

    private void storm(String kind, String transport, int n, int round) throws Exception {
        try (ServerProcess server = new ServerProcess(kind); Load load = new Load(server)) {
            server.stats();
            long cpu0 = server.cpuMicros();
            long client0 = selfCpu();
            Histogram h = new Histogram();
            long t0 = System.nanoTime();
            connect(load, n, 500, (l, i) -> {
                ClientSession s = session(l, kind, transport, i);
                long start = System.nanoTime();
                s.ready.thenAccept(at -> h.record((at - start) / 1_000));
                return s;
            });
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> row = new LinkedHashMap<>();
            row.put("sessions/s", n / seconds);
            row.put("total s", seconds);
            row.put("p50 ms", h.quantile(0.5) / 1000.0);
            row.put("p99 ms", h.quantile(0.99) / 1000.0);
            row.put("server µs/session", (double) (server.cpuMicros() - cpu0) / n);
            row.put("client µs/session", (double) (selfCpu() - client0) / n);
            results.add("connect-storm", transport, "sessions=" + n, kind, round, row);
            System.out.printf("  %-6s %-2s n=%d r%d %s%n", kind, transport, n, round, Results.format(row));
        }
    }

    private void fallback(String kind, int round) throws Exception {
        int n = quick ? 20 : 100;
        try (ServerProcess server = new ServerProcess(kind, "--no-ws", "--greet");
                Load load = new Load(server)) {
            Histogram first = new Histogram();
            Histogram afterHandshake = new Histogram();
            for (int i = 0; i < n; i++) {
                ClientSession s = kind.equals("duplex") ? new DuplexLp(load, i, true)
                        : new RawLp(load, i);
                load.sessions.add(s);
                long t0 = System.nanoTime();
                s.start();
                long at = s.greeting.get(30, TimeUnit.SECONDS);
                first.record((at - t0) / 1_000);
                long hs = s instanceof DuplexSession d ? d.handshakeAt : t0;
                afterHandshake.record((at - hs) / 1_000);
            }
            Map<String, Double> row = new LinkedHashMap<>();
            row.put("first msg p50 ms", first.quantile(0.5) / 1000.0);
            row.put("first msg p99 ms", first.quantile(0.99) / 1000.0);
            row.put("after connect p50 ms", afterHandshake.quantile(0.5) / 1000.0);
            row.put("after connect p99 ms", afterHandshake.quantile(0.99) / 1000.0);
            results.add("fallback", "ws-refused", "sessions=" + n + " sequential", kind, round, row);
            System.out.printf("  %-6s n=%d r%d %s%n", kind, n, round, Results.format(row));
        }
    }

    private void reconnect(String kind, String transport, int subs, int round) throws Exception {
        int rate = 50;
        int seconds = quick ? 3 : 8;
        try (ServerProcess server = new ServerProcess(kind); Load load = new Load(server)) {
            connect(load, subs, 200, (l, i) -> session(l, kind, transport, i));
            Thread.sleep(500);
            Map<String, Long> w = ServerProcess.parse(server.ctl("publish?rate=" + rate + "&count=" + rate
                    + "&size=50"));
            drain(load, w.get("last"), 20_000);
            long reconnects0 = load.reconnects.sum();
            Window window = new Window(results, load);
            CompletableFuture<String> publishing = server.ctlAsync("publish?rate=" + rate + "&count="
                    + rate * seconds + "&size=50");
            Thread.sleep(seconds * 1000L / 3);
            long cut = System.nanoTime();
            for (ClientSession s : load.sessions) {
                s.cut();
            }
            long resumed = -1;
            long deadline = cut + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                boolean all = true;
                for (ClientSession s : load.sessions) {
                    if (s.attachedAt < cut) {
                        all = false;
                        break;
                    }
                }
                if (all) {
                    resumed = System.nanoTime() - cut;
                    break;
                }
                Thread.sleep(5);
            }
            Map<String, Long> p = ServerProcess.parse(publishing.get(120, TimeUnit.SECONDS));
            drain(load, p.get("last"), 30_000);
            Map<String, Double> row = window.finish("reconnect", kind, transport, "subs=" + subs + " rate=" + rate,
                    round, (p.get("last") - p.get("first") + 1) * subs);
            row.put("all resumed ms", resumed < 0 ? Double.NaN : resumed / 1e6);
            row.put("seq dups dropped", (double) load.seqDuplicates.sum());
            row.put("reconnects", (double) (load.reconnects.sum() - reconnects0));
            System.out.printf("         resumed in %.1f ms, %d replayed duplicates dropped by seq%n",
                    resumed / 1e6, load.seqDuplicates.sum());
        }
    }

    private void idle(String kind, String transport, int n, int round) throws Exception {
        int idleSeconds = quick ? 3 : 10;
        if (kind.equals("socketio")) {
            SocketIo.idle(this, transport, n, round, idleSeconds);
            return;
        }
        try (ServerProcess server = new ServerProcess(kind); Load load = new Load(server)) {
            Map<String, Long> before = ServerProcess.parse(server.ctl("mem"));
            connect(load, n, 200, (l, i) -> session(l, kind, transport, i));
            Thread.sleep(1_000);
            Map<String, Long> after = ServerProcess.parse(server.ctl("mem"));
            server.classHistogram("idle-" + transport + "-" + n + "-r" + round);
            Thread.sleep(1_000);
            long cpu0 = server.cpuMicros();
            long client0 = selfCpu();
            Thread.sleep(idleSeconds * 1000L);
            double cpu = (server.cpuMicros() - cpu0) / (idleSeconds * 1e6);
            double clientCpu = (selfCpu() - client0) / (idleSeconds * 1e6);
            Map<String, Double> row = new LinkedHashMap<>();
            row.put("heap KB/session", (after.get("heap") - before.get("heap")) / 1024.0 / n);
            row.put("RSS KB/session", (after.get("rss") - before.get("rss")) / 1024.0 / n);
            row.put("idle server CPU %", cpu * 100);
            row.put("idle client CPU %", clientCpu * 100);
            results.add("idle-mem", transport, "sessions=" + n, kind, round, row);
            System.out.printf("  %-6s %-2s n=%d r%d %s (generator fds %d)%n", kind, transport, n, round,
                    Results.format(row), Load.openFds());
        }
    }
}
