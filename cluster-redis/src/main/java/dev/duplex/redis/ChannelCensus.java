package dev.duplex.redis;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Which channels are open on every live node of a mount: each node that ever joined is in a Redis set; the live
 * ones (heartbeat present) are asked on their channels, and the answers are merged. Dead nodes leave the set.
 */
final class ChannelCensus {
    private final String node;
    private final ClusterConnection redis;
    private final SessionKeys keys;
    private final PendingReplies pending;
    private final ClusterSettings settings;

    ChannelCensus(String node, ClusterConnection redis, SessionKeys keys, PendingReplies pending,
            ClusterSettings settings) {
        this.node = node;
        this.redis = redis;
        this.keys = keys;
        this.pending = pending;
        this.settings = settings;
    }

    /** Every live node's channel ids, {@code here} being this node's. */
    CompletionStage<Set<String>> channelIds(Set<String> here) {
        return redis.commands().smembers(keys.nodes()).thenCompose(nodes -> {
            List<CompletableFuture<Set<String>>> answers = new ArrayList<>();
            answers.add(CompletableFuture.completedFuture(here));
            for (String other : nodes) {
                if (!other.equals(node)) {
                    answers.add(census(other));
                }
            }
            return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(all -> {
                Set<String> ids = new HashSet<>();
                answers.forEach(answer -> ids.addAll(answer.join()));
                return ids;
            });
        });
    }

    /** The channels of node {@code other}; none if it is dead (and then it is dropped from the node set). */
    private CompletableFuture<Set<String>> census(String other) {
        return redis.commands().get(keys.alive(other)).thenCompose(life -> {
            if (life == null) {
                redis.commands().srem(keys.nodes(), other);
                return CompletableFuture.completedFuture(Set.<String>of());
            }
            String id = pending.newId();
            CompletableFuture<JsonObject> reply = pending.await(id, settings.commandTimeoutMillis());
            pending.sentTo(id, other, life);
            redis.commands().publish(keys.channel(other),
                    NodeMessages.request(NodeMessages.CENSUS, id, node).toString());
            return reply.handle((answer, failure) -> {
                if (unwrap(failure) instanceof PendingReplies.OwnerGone) {
                    return Set.<String>of();
                }
                if (failure != null) {
                    throw new CompletionException(unwrap(failure));
                }
                Set<String> ids = new LinkedHashSet<>();
                answer.getAsJsonArray("ids").forEach(sid -> ids.add(sid.getAsString()));
                return ids;
            });
        }).toCompletableFuture();
    }

    /** The ids list of a census reply. */
    static JsonArray ids(Set<String> ids) {
        JsonArray array = new JsonArray();
        ids.forEach(array::add);
        return array;
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
