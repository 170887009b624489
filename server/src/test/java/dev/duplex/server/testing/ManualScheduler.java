package dev.duplex.server.testing;

import dev.duplex.server.api.Scheduler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** A scheduler whose time moves only when a test says so; due tasks run on the test's thread. */
public final class ManualScheduler implements Scheduler {
    private final PriorityQueue<Task> tasks = new PriorityQueue<>(Comparator.comparingLong(Task::due)
            .thenComparingLong(Task::order));
    private long now = 1_000_000;
    private long order;

    private record Task(long due, long order, Runnable action, boolean[] cancelled) { }

    @Override
    public synchronized long nowMillis() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, long delayMillis) {
        boolean[] cancelled = {false};
        tasks.add(new Task(now + delayMillis, order++, task, cancelled));
        return () -> {
            synchronized (ManualScheduler.this) {
                cancelled[0] = true;
            }
        };
    }

    /** Moves time forward by {@code millis}, running every task that falls due, in order. */
    public void advance(long millis) {
        long target;
        synchronized (this) {
            target = now + millis;
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due() > target) {
                    now = target;
                    return;
                }
                tasks.poll();
                now = next.due();
                if (next.cancelled()[0]) {
                    continue;
                }
            }
            next.action().run();
        }
    }

    /** Tasks still waiting (not cancelled). */
    public synchronized List<Long> pendingDueTimes() {
        List<Long> due = new ArrayList<>();
        for (Task task : tasks) {
            if (!task.cancelled()[0]) {
                due.add(task.due());
            }
        }
        return due;
    }

    @Override
    public void close() {
    }
}
