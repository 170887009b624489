package dev.duplex.faultkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scriptable reverse proxy on 127.0.0.1 for fault injection. Plain requests are forwarded one per connection
 * ({@code Connection: close}), so every request is seen; WebSocket upgrades are, by {@link Mode}, tunnelled,
 * refused with 403, answered with a correct {@code 101} after which nothing is forwarded, or forwarded with the
 * upgrade headers stripped. Live connections can be killed ({@link #kill(Kill)}: close, FIN, RST, or a blackhole
 * that keeps them open and forwards nothing), slowed ({@link #delay(long)}, {@link #throttle(long)}), cut when
 * idle ({@link #cutWhenIdle(long)}); a share of responses can be swallowed after the server wrote them
 * ({@link #dropResponses(String, double, long)}). Everything it does goes to an event log.
 */
public final class FaultProxy implements AutoCloseable {
    /** What happens to a WebSocket upgrade. */
    public enum Mode {
        /** Tunnel it to the app. */
        PASS,
        /** Answer {@code 403 Forbidden}. */
        REFUSE_UPGRADE,
        /** Answer a valid {@code 101}, then forward nothing in either direction. */
        FAKE_101,
        /** Forward the request without its {@code Upgrade} and {@code Connection} headers, as old proxies do. */
        STRIP_UPGRADE
    }

    private final ServerSocket server;
    private volatile int targetPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private final Set<ProxiedConnection> connections = ConcurrentHashMap.newKeySet();
    private final List<String> events = new ArrayList<>();
    private final long started = System.nanoTime();
    private final AtomicInteger upgradesPassed = new AtomicInteger();
    private final AtomicInteger upgradesRefused = new AtomicInteger();
    private final AtomicInteger fake101s = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private final AtomicInteger kills = new AtomicInteger();
    private final AtomicInteger responsesDropped = new AtomicInteger();
    private final AtomicInteger idleCuts = new AtomicInteger();
    private final Shaping shaping = new Shaping();
    private final List<DropRule> dropRules = new CopyOnWriteArrayList<>();
    private final AtomicLong idleCutMs = new AtomicLong();
    private volatile Mode mode = Mode.PASS;
    private volatile boolean closed;

    private FaultProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    /**
     * Starts a proxy in front of {@code 127.0.0.1:targetPort}, on an ephemeral port of {@code 127.0.0.1}.
     *
     * @param targetPort the application's port
     * @return the running proxy; close it when done
     * @throws IllegalStateException if no port could be bound
     */
    public static FaultProxy start(int targetPort) {
        try {
            return new FaultProxy(targetPort);
        } catch (IOException e) {
            throw new IllegalStateException("fault proxy did not start", e);
        }
    }

    /** {@return the port the proxy listens on: point clients at it instead of the application's} */
    public int port() {
        return server.getLocalPort();
    }

    /** {@return the proxy's origin, e.g. {@code http://127.0.0.1:PORT}} */
    public String origin() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * Sets what happens to the next WebSocket upgrades; live WebSockets are not affected.
     *
     * @param newMode the mode
     */
    public void mode(Mode newMode) {
        log("mode " + newMode);
        mode = newMode;
    }

    /**
     * Adds latency before every forwarded chunk, both ways.
     *
     * @param ms milliseconds per chunk (0: none)
     */
    public void delay(long ms) {
        log("delay " + ms + "ms");
        shaping.delayMs.set(ms);
    }

    /**
     * Limits every connection's bandwidth, each way.
     *
     * @param bytesPerSecond about this many bytes per second (0: unlimited)
     */
    public void throttle(long bytesPerSecond) {
        log("throttle " + bytesPerSecond + " B/s");
        shaping.bytesPerSecond.set(bytesPerSecond);
    }

    /**
     * From now on, also swallows the response to a share {@code ratio} of the requests whose target contains
     * {@code path}: the request is forwarded, the whole response read from the server, then the client's
     * connection is reset without a byte of it. Chosen by a {@link Random} seeded with {@code seed}.
     *
     * @param path  a part of the request target, e.g. {@code /poll}
     * @param ratio the share of those requests, 0 to 1
     * @param seed  the seed, so a failing run can be repeated
     */
    public void dropResponses(String path, double ratio, long seed) {
        log("drop " + ratio + " of responses to " + path + " (seed " + seed + ")");
        dropRules.add(new DropRule(path, ratio, new Random(seed)));
    }

    /**
     * Cuts (closes) any connection that has carried no byte either way for a while, as idle-timeout proxies do.
     *
     * @param ms the idle time, milliseconds (0: never)
     */
    public void cutWhenIdle(long ms) {
        log("cut when idle " + ms + "ms");
        if (idleCutMs.getAndSet(ms) == 0 && ms > 0) {
            threads.execute(this::idleCutLoop);
        }
    }

    /**
     * Forwards new connections to another port: the app restarted elsewhere. Live ones are kept.
     *
     * @param newTargetPort the application's new port
     */
    public void retarget(int newTargetPort) {
        log("retarget to " + newTargetPort);
        targetPort = newTargetPort;
    }

    /** Back to a transparent proxy: upgrades pass, no delay, throttle, drops or idle cuts. Live ones are kept. */
    public void heal() {
        log("heal");
        mode = Mode.PASS;
        shaping.delayMs.set(0);
        shaping.bytesPerSecond.set(0);
        dropRules.clear();
        idleCutMs.set(0);
    }

    /**
     * Drops every live connection, both sides, at once.
     *
     * @return how many sockets it closed
     */
    public int cutAll() {
        int n = 0;
        for (Socket s : live) {
            Sockets.closeQuietly(s);
            n++;
        }
        live.clear();
        cuts.incrementAndGet();
        log("cut " + n + " sockets");
        return n;
    }

    /**
     * Kills, or stalls, every proxied connection open now.
     *
     * @param how close, FIN, RST or blackhole
     * @return how many connections it hit
     */
    public int kill(Kill how) {
        int n = 0;
        for (ProxiedConnection c : connections) {
            c.kill(how);
            n++;
        }
        kills.incrementAndGet();
        log("kill " + how + " " + n + " connections");
        return n;
    }

    /**
     * Closes the connections a {@link Kill#BLACKHOLE} stalled, as a NAT does once it drops the flow for good.
     *
     * @return how many it closed
     */
    public int releaseStalled() {
        int n = 0;
        for (ProxiedConnection c : connections) {
            if (c.stalled() && connections.remove(c)) {
                c.release();
                n++;
            }
        }
        if (n > 0) {
            log("released " + n + " stalled connections");
        }
        return n;
    }

    /** {@return the number of proxied connections open now, blackholed ones included} */
    public int openConnections() {
        return connections.size();
    }

    /** {@return the number of WebSocket upgrades tunnelled to the application} */
    public int upgradesPassed() {
        return upgradesPassed.get();
    }

    /** {@return the number of WebSocket upgrades refused with 403 ({@link Mode#REFUSE_UPGRADE})} */
    public int upgradesRefused() {
        return upgradesRefused.get();
    }

    /** {@return the number of fake {@code 101}s answered ({@link Mode#FAKE_101})} */
    public int fake101s() {
        return fake101s.get();
    }

    /** {@return the number of calls to {@link #cutAll()}} */
    public int cuts() {
        return cuts.get();
    }

    /** {@return the number of calls to {@link #kill(Kill)}} */
    public int kills() {
        return kills.get();
    }

    /** {@return the number of responses swallowed by {@link #dropResponses}} */
    public int responsesDropped() {
        return responsesDropped.get();
    }

    /** {@return the number of connections closed by {@link #cutWhenIdle}} */
    public int idleCuts() {
        return idleCuts.get();
    }

    /**
     * What the proxy did: modes, faults, upgrades, drops. Worth printing when a test fails.
     *
     * @return a copy of the event log, one line per event, each with the milliseconds since start
     */
    public synchronized List<String> events() {
        return new ArrayList<>(events);
    }

    private synchronized void log(String event) {
        if (events.size() < 5000) {
            events.add((System.nanoTime() - started) / 1_000_000 + "ms " + event);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                live.add(client);
                threads.execute(() -> handle(client));
            } catch (IOException e) {
                if (!closed) {
                    log("accept failed: " + e.getMessage());
                }
            }
        }
    }

    private void idleCutLoop() {
        try {
            while (!closed && idleCutMs.get() > 0) {
                long limit = idleCutMs.get() * 1_000_000;
                for (ProxiedConnection c : connections) {
                    if (c.idleNanos() >= limit && connections.remove(c)) {
                        c.release();
                        idleCuts.incrementAndGet();
                        log("idle cut " + c.target());
                    }
                }
                Thread.sleep(Math.max(1, idleCutMs.get() / 20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(Socket client) {
        Socket upstream = null;
        ProxiedConnection connection = null;
        try {
            client.setTcpNoDelay(true);
            InputStream in = client.getInputStream();
            HttpHead head = HttpHead.read(in);
            if (head == null) {
                return;
            }
            OutputStream out = client.getOutputStream();
            boolean upgrade = head.isUpgrade();
            if (upgrade && answeredByProxy(head, in, out)) {
                return;
            }
            upgrade &= mode != Mode.STRIP_UPGRADE;
            boolean swallow = !upgrade && dropRules.stream().anyMatch(rule -> rule.drops(head.target()));
            if (swallow) {
                responsesDropped.incrementAndGet();
                log("will drop the response to " + head.method() + " " + head.target());
            }
            upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            upstream.setTcpNoDelay(true);
            live.add(upstream);
            OutputStream up = upstream.getOutputStream();
            up.write(upgrade ? head.rewrite(head.requestLine, true)
                    : head.rewrite(head.requestLine, false, "Connection: close"));
            up.flush();
            connection = new ProxiedConnection(client, upstream, head.target(), shaping, swallow);
            connections.add(connection);
            connection.run(threads);
        } catch (IOException e) {
            // a cut, or a peer that went away: the browser sees a dropped connection, which is the point
        } finally {
            if (connection != null) {
                connections.remove(connection);
            } else {
                Sockets.closeQuietly(client);
                Sockets.closeQuietly(upstream);
            }
            live.remove(client);
            if (upstream != null) {
                live.remove(upstream);
            }
        }
    }

    /** Handles the upgrade modes the proxy answers itself; returns whether it did. */
    private boolean answeredByProxy(HttpHead head, InputStream in, OutputStream out) throws IOException {
        Mode m = mode;
        if (m == Mode.REFUSE_UPGRADE) {
            upgradesRefused.incrementAndGet();
            log("refused upgrade " + head.target());
            UpgradeAnswers.refuse(out);
            return true;
        }
        if (m == Mode.FAKE_101) {
            fake101s.incrementAndGet();
            log("fake 101 for " + head.target());
            UpgradeAnswers.fake101(head, in, out);
            return true;
        }
        if (m == Mode.STRIP_UPGRADE) {
            log("stripped upgrade " + head.target());
            head.drop("Upgrade");
            return false;
        }
        upgradesPassed.incrementAndGet();
        log("upgrade " + head.target());
        return false;
    }

    /** Stops the proxy: closes its port and every connection, and ends its threads. */
    @Override
    public void close() {
        closed = true;
        Sockets.closeQuietly(server);
        for (ProxiedConnection c : connections) {
            c.release();
        }
        for (Socket s : live) {
            Sockets.closeQuietly(s);
        }
        threads.shutdownNow();
    }
}
