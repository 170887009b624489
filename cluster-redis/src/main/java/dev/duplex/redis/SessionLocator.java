package dev.duplex.redis;

import com.google.gson.JsonObject;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where a session is, for a request that landed on a node that does not hold it: one {@code locate.lua} per
 * request, one at a time per session on this node, adoption included, so a request that follows one that took the
 * session here finds it here. Thread-safe.
 */
final class SessionLocator {
    private static final LuaScript LOCATE = LuaScript.load("locate.lua", ScriptOutputType.MULTI);

    /** Puts a session whose snapshot a locate took in place on this node. */
    @FunctionalInterface
    interface Adopter {
        /** True if the session, with the messages queued on its snapshot, is now this node's. */
        boolean adopt(String sid, String snapshot, List<String> queued);
    }

    /**
     * What {@code locate.lua} found; {@code adopted} if it found a snapshot and this node took it; {@code life}, for
     * a request sent to its owner, names that run of the owner (its heartbeat's value, new at each start).
     */
    record Located(String outcome, String owner, String life, boolean adopted) { }

    private final ClusterConnection redis;
    private final SessionKeys keys;
    private final String node;
    private final ClusterSettings settings;
    private final Adopter adopter;
    /** The locate under way for each session, so that the next one waits for it. */
    private final Map<String, CompletableFuture<Located>> locating = new ConcurrentHashMap<>();

    SessionLocator(ClusterConnection redis, SessionKeys keys, String node, ClusterSettings settings, Adopter adopter) {
        this.redis = redis;
        this.keys = keys;
        this.node = node;
        this.settings = settings;
        this.adopter = adopter;
    }

    /**
     * Runs {@code locate.lua} for {@code sid}: takes its snapshot here if one waits (or queues {@code queue} on
     * it), else sends {@code message} to its owner if alive.
     */
    CompletionStage<Located> locate(String sid, JsonObject message, String queue) {
        CompletableFuture<Located> located = new CompletableFuture<>();
        CompletableFuture<?> previous = locating.put(sid, located);
        CompletionStage<?> after = previous == null ? CompletableFuture.completedFuture(null)
                : previous.handle((ignored, failure) -> null);
        after.thenCompose(ignored -> runLocate(sid, message, queue)).whenComplete((found, failure) -> {
            locating.remove(sid, located);
            if (failure != null) {
                located.completeExceptionally(failure);
            } else {
                located.complete(found);
            }
        });
        return located;
    }

    private CompletionStage<Located> runLocate(String sid, JsonObject message, String queue) {
        int dot = sid.indexOf('.');
        String named = dot > 0 ? sid.substring(0, dot) : "";
        String[] sessionKeys = {keys.handoff(sid), keys.queued(sid), keys.owner(sid), keys.since()};
        // EVAL, never EVALSHA: requests for one session must reach its owner in the order they were made.
        return LOCATE.<List<Object>>runInOrder(redis.commands(), sessionKeys, node, named, keys.alivePrefix(),
                keys.channelPrefix(), message.toString(), Long.toString(settings.ownerTtlMillis()), queue,
                Long.toString(settings.nodeTimeoutMillis()), keys.missingPrefix(),
                Long.toString(settings.deadAfterMillis()), keys.nodes())
                .thenApplyAsync(reply -> {
                    String outcome = (String) reply.get(0);
                    if (outcome.equals("unsure")) {
                        throw new Unsure((String) reply.get(1));
                    }
                    if (outcome.equals("adopt")) {
                        List<String> queued = new ArrayList<>();
                        if (reply.get(2) instanceof List<?> list) {
                            list.forEach(item -> queued.add((String) item));
                        }
                        return new Located(outcome, null, null, adopter.adopt(sid, (String) reply.get(1), queued));
                    }
                    return new Located(outcome, outcome.equals("sent") || outcome.equals("dead")
                            ? (String) reply.get(1) : null, outcome.equals("sent") ? (String) reply.get(2) : null,
                            false);
                }, redis.work());
    }

    /**
     * The owner's heartbeat is missing, but Redis may have lost it (restarted empty less than a node timeout ago,
     * or frozen past the key's TTL) while the owner lives and has not beaten since. A request fails as when Redis
     * cannot be reached (a transient {@code 503 node_unavailable}, close {@code 1013}), never
     * {@code unknown_session}, which would end the session.
     */
    static final class Unsure extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Unsure(String owner) {
            super("Redis has not heard from node " + owner + " lately, which may be Redis's loss: try again");
        }
    }

    /** Waits, at most the command timeout, for a locate of {@code sid} under way on this node, if any. */
    void settle(String sid) {
        CompletableFuture<Located> underWay = sid == null ? null : locating.get(sid);
        if (underWay == null) {
            return;
        }
        try {
            underWay.get(settings.commandTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // served as things stand: the session is here or it is not
        }
    }
}
