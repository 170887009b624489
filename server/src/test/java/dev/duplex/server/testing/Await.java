package dev.duplex.server.testing;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting on conditions that real network round trips make true, never on a fixed sleep. */
public final class Await {
    private static final long LIMIT_SECONDS = 10;

    private Await() {
    }

    /**
     * Polls {@code condition} until it holds.
     *
     * @throws AssertionError naming {@code what} if it does not hold within 10 s
     */
    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        if (!within(TimeUnit.SECONDS.toMillis(LIMIT_SECONDS), condition)) {
            throw new AssertionError("timed out after " + LIMIT_SECONDS + " s waiting for: " + what);
        }
    }

    /** Polls {@code condition} for at most {@code millis}; returns whether it held. */
    public static boolean within(long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }
}
