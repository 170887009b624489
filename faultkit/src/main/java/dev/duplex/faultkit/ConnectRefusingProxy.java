package dev.duplex.faultkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A forward HTTP proxy that refuses {@code CONNECT} with 403 (so no {@code ws://} tunnel, which Chromium sends
 * through CONNECT) and forwards plain requests to loopback hosts only. Start Chromium with
 * {@code --proxy-server=http://127.0.0.1:PORT --proxy-bypass-list=<-loopback>}.
 */
public final class ConnectRefusingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "forward-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<String> events = new ArrayList<>();
    private volatile boolean closed;

    private ConnectRefusingProxy() throws IOException {
        server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    /**
     * Starts the proxy on an ephemeral port of {@code 127.0.0.1}.
     *
     * @return the running proxy; close it when done
     * @throws IllegalStateException if no port could be bound
     */
    public static ConnectRefusingProxy start() {
        try {
            return new ConnectRefusingProxy();
        } catch (IOException e) {
            throw new IllegalStateException("forward proxy did not start", e);
        }
    }

    /** {@return {@code 127.0.0.1:PORT}, for a browser's {@code --proxy-server}} */
    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** {@return a copy of the log of what it refused and forwarded, one line per request} */
    public synchronized List<String> events() {
        return new ArrayList<>(events);
    }

    /**
     * How many {@code CONNECT}s to {@code hostPort} it refused.
     *
     * @param hostPort the tunnel's target, e.g. {@code 127.0.0.1:8080}
     * @return their number
     */
    public synchronized long refusedConnects(String hostPort) {
        return events.stream().filter(e -> e.equals("refused CONNECT " + hostPort)).count();
    }

    private synchronized void log(String e) {
        if (events.size() < 5000) {
            events.add(e);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                threads.execute(() -> handle(client));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void handle(Socket client) {
        Socket upstream = null;
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            HttpHead head = HttpHead.read(in);
            if (head == null) {
                return;
            }
            if (head.method().equals("CONNECT")) {
                log("refused CONNECT " + head.target());
                out.write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            URI uri = URI.create(head.target());
            if (uri.getHost() == null || !InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
                log("refused " + head.method() + " " + head.target());
                out.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            log("forwarded " + head.method() + " " + uri.getRawPath());
            String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            String line = head.method() + " " + path + " HTTP/1.1";
            upstream = new Socket(InetAddress.getLoopbackAddress(), uri.getPort());
            upstream.getOutputStream().write(head.rewrite(line, false, "Connection: close"));
            Socket u = upstream;
            threads.execute(() -> copy(client, u));
            copy(u, client);
        } catch (IOException | IllegalArgumentException e) {
            log("error " + e.getMessage());
        } finally {
            Sockets.closeQuietly(upstream);
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // peer closed
        } finally {
            Sockets.closeQuietly(from);
            Sockets.closeQuietly(to);
        }
    }

    /** Stops the proxy: closes its port and ends its threads. */
    @Override
    public void close() {
        closed = true;
        Sockets.closeQuietly(server);
        threads.shutdownNow();
    }
}
