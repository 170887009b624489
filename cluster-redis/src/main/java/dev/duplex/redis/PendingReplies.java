package dev.duplex.redis;

import com.google.gson.JsonObject;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Requests this node sent to other nodes, waiting for their replies on this node's channel. Each waits at most
 * its timeout, and no longer than its owner lives: a request to a node whose heartbeat stopped fails at once
 * ({@link OwnerGone}), so nothing waits for a dead node.
 */
final class PendingReplies {
    /**
     * The node a request went to stopped beating, or stopped and started again (a new life): no reply will come.
     * The session may live on (handed off, or taken by another node): the requester looks for it again.
     */
    static final class OwnerGone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OwnerGone(String owner) {
            super("node " + owner + " is gone", null, false, false);
        }
    }

    /** One request: its reply to come, and the node it went to (known once the locate script sent it). */
    private static final class Pending {
        private final CompletableFuture<JsonObject> reply = new CompletableFuture<>();
        private volatile String owner;
        private volatile String life;

        CompletableFuture<JsonObject> reply() {
            return reply;
        }

        String owner() {
            return owner;
        }
    }

    private final Map<String, Pending> waiting = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();
    private final String node;
    private final ScheduledExecutorService timer;

    PendingReplies(String node, ScheduledExecutorService timer) {
        this.node = node;
        this.timer = timer;
    }

    /** A fresh request id, unique in the cluster. */
    String newId() {
        return node + ":" + counter.incrementAndGet();
    }

    /**
     * Waits for the reply to request {@code id} for at most {@code timeoutMillis}. Registered before the request
     * is sent, as the reply may come back before the sender hears that it went.
     */
    CompletableFuture<JsonObject> await(String id, long timeoutMillis) {
        Pending pending = new Pending();
        waiting.put(id, pending);
        try {
            scheduleTimeout(id, timeoutMillis);
        } catch (RejectedExecutionException stopped) {
            waiting.remove(id);
            pending.reply().completeExceptionally(new IllegalStateException("this node has left the cluster"));
        }
        return pending.reply();
    }

    private void scheduleTimeout(String id, long timeoutMillis) {
        timer.schedule(() -> {
            Pending late = waiting.remove(id);
            if (late != null) {
                late.reply().completeExceptionally(new TimeoutException("node " + late.owner() + " did not answer in "
                        + timeoutMillis + " ms"));
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Request {@code id} went to {@code owner} in its run {@code life}. */
    void sentTo(String id, String owner, String life) {
        Pending pending = waiting.get(id);
        if (pending != null) {
            pending.life = life;
            pending.owner = owner;
        }
    }

    /** Request {@code id} was not sent after all. */
    void forget(String id) {
        waiting.remove(id);
    }

    /** A reply arrived; one for a request that timed out already is dropped. */
    void answered(String id, JsonObject reply) {
        Pending pending = waiting.remove(id);
        if (pending != null) {
            pending.reply().complete(reply);
        }
    }

    /** The nodes that requests wait on. */
    Set<String> owners() {
        return waiting.values().stream().map(Pending::owner).filter(Objects::nonNull).collect(Collectors.toSet());
    }

    /**
     * {@code owner}'s heartbeat now reads {@code life} (null: none): every request waiting on another run of it
     * fails, as no reply will come.
     */
    void ownerLives(String owner, String life) {
        waiting.entrySet().removeIf(entry -> {
            Pending pending = entry.getValue();
            if (owner.equals(pending.owner()) && !Objects.equals(life, pending.life)) {
                pending.reply().completeExceptionally(new OwnerGone(owner));
                return true;
            }
            return false;
        });
    }
}
