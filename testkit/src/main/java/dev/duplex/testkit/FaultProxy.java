package dev.duplex.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scriptable reverse proxy on 127.0.0.1 for fault injection. Plain requests are forwarded one per connection
 * ({@code Connection: close}), so every request is seen; WebSocket upgrades are, by {@link Mode}, tunnelled,
 * refused with 403, or answered with a correct {@code 101} after which nothing is forwarded. {@link #cutAll()}
 * drops every live connection at once; {@link #delay(long)} adds latency to every forwarded chunk. Everything it
 * does goes to an event log.
 */
public final class FaultProxy implements AutoCloseable {
    private static final String WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** What happens to a WebSocket upgrade. */
    public enum Mode {
        /** Tunnel it to the app. */
        PASS,
        /** Answer {@code 403 Forbidden}. */
        REFUSE_UPGRADE,
        /** Answer a valid {@code 101}, then forward nothing in either direction. */
        FAKE_101
    }

    private final ServerSocket server;
    private final int targetPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private final List<String> events = new ArrayList<>();
    private final long started = System.nanoTime();
    private final AtomicInteger upgradesPassed = new AtomicInteger();
    private final AtomicInteger upgradesRefused = new AtomicInteger();
    private final AtomicInteger fake101s = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private final AtomicLong delayMs = new AtomicLong();
    private volatile Mode mode = Mode.PASS;
    private volatile boolean closed;

    private FaultProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    /** Starts a proxy in front of {@code 127.0.0.1:targetPort}. */
    public static FaultProxy start(int targetPort) {
        try {
            return new FaultProxy(targetPort);
        } catch (IOException e) {
            throw new IllegalStateException("fault proxy did not start", e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The proxy's origin, e.g. {@code http://127.0.0.1:PORT}. */
    public String origin() {
        return "http://127.0.0.1:" + port();
    }

    /** Sets what happens to the next WebSocket upgrades. */
    public void mode(Mode newMode) {
        log("mode " + newMode);
        mode = newMode;
    }

    /** Adds {@code ms} of latency before every forwarded chunk, both ways (0: none). */
    public void delay(long ms) {
        log("delay " + ms + "ms");
        delayMs.set(ms);
    }

    /** Back to a transparent proxy: upgrades pass, no delay. Live connections are kept. */
    public void heal() {
        log("heal");
        mode = Mode.PASS;
        delayMs.set(0);
    }

    /** Drops every live connection, both sides, at once. Returns how many sockets it closed. */
    public int cutAll() {
        int n = 0;
        for (Socket s : live) {
            closeQuietly(s);
            n++;
        }
        live.clear();
        cuts.incrementAndGet();
        log("cut " + n + " sockets");
        return n;
    }

    public int upgradesPassed() {
        return upgradesPassed.get();
    }

    public int upgradesRefused() {
        return upgradesRefused.get();
    }

    public int fake101s() {
        return fake101s.get();
    }

    public int cuts() {
        return cuts.get();
    }

    /** A copy of the event log, one line per event, with ms since start. */
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

    private void handle(Socket client) {
        Socket upstream = null;
        try {
            client.setTcpNoDelay(true);
            InputStream in = client.getInputStream();
            HttpHead head = HttpHead.read(in);
            if (head == null) {
                return;
            }
            OutputStream out = client.getOutputStream();
            if (head.isUpgrade()) {
                Mode m = mode;
                if (m == Mode.REFUSE_UPGRADE) {
                    upgradesRefused.incrementAndGet();
                    log("refused upgrade " + head.target());
                    out.write(("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n"
                            + "Connection: close\r\n\r\nforbidden").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    return;
                }
                if (m == Mode.FAKE_101) {
                    fake101s.incrementAndGet();
                    log("fake 101 for " + head.target());
                    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + accept(head.header("Sec-WebSocket-Key")) + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    byte[] sink = new byte[8192];
                    while (in.read(sink) >= 0) {
                        // swallow every frame the browser sends; forward nothing
                    }
                    return;
                }
                upgradesPassed.incrementAndGet();
                log("upgrade " + head.target());
            }
            upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            upstream.setTcpNoDelay(true);
            live.add(upstream);
            OutputStream up = upstream.getOutputStream();
            up.write(head.isUpgrade() ? head.rewrite(head.requestLine, true)
                    : head.rewrite(head.requestLine, false, "Connection: close"));
            up.flush();
            Socket u = upstream;
            threads.execute(() -> pump(client, u));
            pump(u, client);
        } catch (IOException e) {
            // a cut, or a peer that went away: the browser sees a dropped connection, which is the point
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
            live.remove(client);
            if (upstream != null) {
                live.remove(upstream);
            }
        }
    }

    /** Copies from one socket to the other until either ends, then closes both. */
    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[16384];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                long d = delayMs.get();
                if (d > 0) {
                    Thread.sleep(d);
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // closed by a cut or by the peer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    static String accept(String key) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-1").digest((key + WS_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        for (Socket s : live) {
            closeQuietly(s);
        }
        threads.shutdownNow();
    }
}
