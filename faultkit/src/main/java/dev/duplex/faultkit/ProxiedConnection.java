package dev.duplex.faultkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;

/**
 * One client connection through the {@link FaultProxy} and its upstream twin: two pumps that copy bytes, slowed
 * by the proxy's delay and throttle, and every way to break the pair ({@link Kill}). Knows when it last carried a
 * byte, for the idle cutter, and can swallow the upstream's response (it is read in full, so the server did write
 * it, and never reaches the client).
 */
final class ProxiedConnection {
    private final Socket client;
    private final Socket upstream;
    private final String target;
    private final Shaping shaping;
    private final CountDownLatch released = new CountDownLatch(1);
    private final boolean swallowResponse;
    private volatile boolean stalled;
    private volatile long lastActivityNanos = System.nanoTime();

    ProxiedConnection(Socket client, Socket upstream, String target, Shaping shaping,
            boolean swallowResponse) {
        this.client = client;
        this.upstream = upstream;
        this.target = target;
        this.shaping = shaping;
        this.swallowResponse = swallowResponse;
    }

    String target() {
        return target;
    }

    boolean stalled() {
        return stalled;
    }

    long idleNanos() {
        return stalled ? 0 : System.nanoTime() - lastActivityNanos;
    }

    /** Runs the upstream-to-client pump on the calling thread, the other on {@code second}. */
    void run(java.util.concurrent.Executor second) {
        second.execute(() -> pump(client, upstream, false));
        pump(upstream, client, swallowResponse);
    }

    /** Copies until either side ends, then closes both; a stalled pump parks until the connection is released. */
    private void pump(Socket from, Socket to, boolean swallow) {
        byte[] buf = new byte[16384];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (stalled) {
                    released.await();
                    return;
                }
                lastActivityNanos = System.nanoTime();
                if (swallow) {
                    continue;
                }
                shaping.pace(n);
                out.write(buf, 0, n);
                out.flush();
            }
            if (swallow) {
                // The whole response was read from the server and dropped: the client sees its request fail.
                abort(to);
            }
        } catch (IOException e) {
            // closed by a kill or by a peer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!stalled) {
                release();
            }
        }
    }

    /** Applies {@code how} to both sockets. */
    void kill(Kill how) {
        switch (how) {
            case FIN -> {
                shutdownOutput(client);
                shutdownOutput(upstream);
            }
            case RST -> {
                abort(client);
                abort(upstream);
                released.countDown();
            }
            case BLACKHOLE -> stalled = true;
            default -> release();
        }
    }

    /** Closes both sockets and frees parked pumps. */
    void release() {
        Sockets.closeQuietly(client);
        Sockets.closeQuietly(upstream);
        released.countDown();
    }

    private static void shutdownOutput(Socket socket) {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            // already closed
        }
    }

    private static void abort(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed; close() below is then a no-op
        }
        Sockets.closeQuietly(socket);
    }
}
