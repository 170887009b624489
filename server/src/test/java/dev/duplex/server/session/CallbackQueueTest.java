package dev.duplex.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One session's application calls: in order, never two at once, and no lifecycle thread held by traffic. */
class CallbackQueueTest {
    private final CallbackQueue queue = new CallbackQueue();
    private final List<String> ran = new ArrayList<>();

    @Test
    void aCallQueuedWhileAnotherRunsWaitsForItAndRunsNext() {
        queue.add(() -> {
            ran.add("open");
            queue.add(() -> ran.add("message"));
            queue.drain(); // someone else is running: returns at once, the message stays queued
            ran.add("open done");
        });
        queue.drain();
        assertEquals(List.of("open", "open done", "message"), ran);
    }

    @Test
    void aLifecycleThreadRunsOnlyWhatWasQueuedAndHandsTheRestToThePool() {
        List<Runnable> pool = new ArrayList<>();
        queue.add(() -> {
            ran.add("transport change");
            queue.add(() -> ran.add("a message that arrived meanwhile"));
        });
        queue.drainQueued(pool::add);
        assertEquals(List.of("transport change"), ran, "the attaching thread is not kept by later traffic");
        assertEquals(1, pool.size());
        queue.drain();
        assertEquals(1, ran.size(), "the pool owns the queue now; nobody else runs it");
        pool.get(0).run();
        assertEquals(List.of("transport change", "a message that arrived meanwhile"), ran);
    }

    @Test
    void aRefusingPoolLeavesTheRestToTheCallingThread() {
        queue.add(() -> queue.add(() -> ran.add("later")));
        queue.drainQueued(task -> {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        });
        assertEquals(List.of("later"), ran);
    }
}
