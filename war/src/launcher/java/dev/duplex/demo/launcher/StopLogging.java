package dev.duplex.demo.launcher;

import java.util.logging.LogManager;

/**
 * The launcher's {@code java.util.logging} manager, so that what a node logs while it stops is printed. The JDK's
 * own manager resets (removes and closes every handler) in a shutdown hook of its own, which runs alongside the
 * launcher's stop hook, not after it: what Duplex logged during its graceful stop (the hand-off of its sessions,
 * late {@code away} answers) was mostly lost, and a failed rolling restart left no trace in the node's output. This
 * one leaves a reset asked for during the JVM's shutdown until the launcher's stop is over ({@link #stopped()}).
 *
 * <p>{@link Main} installs it through the system property {@code java.util.logging.manager} before anything logs,
 * unless the command line names another manager ({@code Main.installStopLogging}: not here, as touching this class
 * initializes {@code LogManager}, which reads that property). The JDK loads it with the system class loader, from
 * the WAR root.
 */
public final class StopLogging extends LogManager {
    private static volatile StopLogging installed;
    private volatile boolean stopped;
    private volatile boolean resetLeft;

    /** Called by the JDK, once, when the log manager is first needed. */
    public StopLogging() {
        installed = this;
    }

    /** The launcher's stop is over: the reset the JVM's shutdown asked for happens now. */
    static void stopped() {
        StopLogging manager = installed;
        if (manager != null) {
            manager.stopped = true;
            if (manager.resetLeft) {
                manager.reset();
            }
        }
    }

    @Override
    public void reset() {
        if (!stopped && shuttingDown()) {
            resetLeft = true;
            return;
        }
        super.reset();
    }

    /** Whether the JVM is shutting down: it refuses new shutdown hooks then. */
    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
