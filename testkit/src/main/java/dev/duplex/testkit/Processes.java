package dev.duplex.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Child processes whose output is kept (last lines) for failure reports, and free ports. */
public final class Processes {
    private Processes() {
    }

    /** A free loopback port (it may be taken again before use, which is rare enough for tests). */
    /** Stops {@code process} and its descendants: politely, then after 10 s by force. */
    static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether something accepts connections on {@code 127.0.0.1:port}. */
    public static boolean listening(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A started process, its output drained into a ring of the last 200 lines. */
    public static final class Child implements AutoCloseable {
        private final Process process;
        private final Deque<String> tail = new ArrayDeque<>();
        private final CompletableFuture<String> match = new CompletableFuture<>();

        /** Starts {@code command}; {@code lineOfInterest} picks the line {@link #awaitLine} returns. */
        public Child(ProcessBuilder command, Predicate<String> lineOfInterest) {
            try {
                process = command.redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new IllegalStateException("could not start " + command.command(), e);
            }
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        synchronized (tail) {
                            tail.addLast(line);
                            if (tail.size() > 200) {
                                tail.removeFirst();
                            }
                        }
                        if (lineOfInterest.test(line)) {
                            match.complete(line);
                        }
                    }
                } catch (IOException e) {
                    // process gone
                }
                match.completeExceptionally(new IllegalStateException("exited: " + output()));
            }, "child-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits for the line of interest. */
        public String awaitLine(long seconds) {
            try {
                return match.get(seconds, TimeUnit.SECONDS);
            } catch (Exception e) {
                close();
                throw new IllegalStateException("no expected output; got:\n" + output(), e);
            }
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** The process id, e.g. to send it a signal. */
        public long pid() {
            return process.pid();
        }

        /** The last lines of output. */
        public String output() {
            synchronized (tail) {
                return String.join("\n", tail);
            }
        }

        @Override
        public void close() {
            stop(process);
        }
    }
}
