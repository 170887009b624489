package dev.duplex.testkit;

import java.io.IOException;
import java.net.URI;

/**
 * A private {@code redis-server} (Debian's package; {@code scripts/install-tools.sh redis-server} installs it) on a
 * free loopback port, with no persistence, started and stopped by its own PID: never the system service. Faults:
 * {@link #pause()} freezes it with SIGSTOP (connections stay open, nothing answers), {@link #restartEmpty()} kills
 * it and starts a new, empty one on the same port.
 */
public final class RedisServer implements AutoCloseable {
    private static final String BINARY = "/usr/bin/redis-server";
    private final int port;
    private Processes.Child child;

    private RedisServer(int port) {
        this.port = port;
        child = launch(port);
    }

    /** Starts one on a free port. */
    public static RedisServer start() {
        return new RedisServer(Processes.freePort());
    }

    private static Processes.Child launch(int port) {
        if (!new java.io.File(BINARY).canExecute()) {
            throw new IllegalStateException("redis-server is missing; run: scripts/install-tools.sh redis-server "
                    + "(or apt-get install -y redis-server)");
        }
        Processes.Child started = new Processes.Child(new ProcessBuilder(BINARY, "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--loglevel", "notice"), line -> line.contains("Ready to accept connections"));
        started.awaitLine(15);
        return started;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public URI uri() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    /** The process id of the running server. */
    public long pid() {
        return child.pid();
    }

    /** Freezes the server (SIGSTOP): its sockets stay open and nothing is answered until {@link #resume()}. */
    public void pause() {
        signal("-STOP");
    }

    /** Lets a paused server go on (SIGCONT). */
    public void resume() {
        signal("-CONT");
    }

    /** Stops the server (it is down until {@link #startAgain()}). */
    public void stop() {
        child.close();
    }

    /** Starts a new, empty server on the same port. */
    public void startAgain() {
        child = launch(port);
    }

    /** Stops the server and starts a new, empty one on the same port: every key, script and client is gone. */
    public void restartEmpty() {
        stop();
        startAgain();
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(child.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill " + signal + " " + child.pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The server's last lines of output. */
    public String output() {
        return child.output();
    }

    @Override
    public void close() {
        if (child.isAlive()) {
            resume();
        }
        child.close();
    }
}
