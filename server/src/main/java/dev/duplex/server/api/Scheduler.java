package dev.duplex.server.api;

/**
 * Time and timers for a hub, injectable so tests of heartbeats and expiry advance time instead of sleeping.
 * The default is {@link #system(String)}.
 */
public interface Scheduler extends AutoCloseable {

    /**
     * Milliseconds on a monotonic clock; only differences are meaningful.
     *
     * @return the current time, in milliseconds
     */
    long nowMillis();

    /**
     * Runs {@code task} once after {@code delayMillis}. The task must not block.
     *
     * @param delayMillis the delay, in milliseconds
     * @param task what to run
     * @return a handle that cancels the task
     */
    Cancellable schedule(Runnable task, long delayMillis);

    /** Stops the scheduler's threads, if it has any. */
    @Override
    void close();

    /** A scheduled task that can be called off. */
    interface Cancellable {
        /** Cancels the task if it has not run yet. */
        void cancel();
    }

    /**
     * A scheduler on {@link System#nanoTime()} with one daemon thread.
     *
     * @param threadName the name of its one daemon thread
     * @return a scheduler on the system clock
     */
    static Scheduler system(String threadName) {
        return new SystemScheduler(threadName);
    }
}
