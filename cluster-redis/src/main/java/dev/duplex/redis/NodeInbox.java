package dev.duplex.redis;

import com.google.gson.JsonObject;
import dev.duplex.server.cluster.Cluster;
import io.lettuce.core.SetArgs;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * What a node does with the messages on its channel: answers another node's forwarded poll or send, lets a
 * session go to a node whose WebSocket pulls it, queues a message on a channel, counts its channels, and takes
 * the replies to its own requests. Runs on the connection's work pool.
 */
final class NodeInbox {
    private static final System.Logger LOG = System.getLogger(NodeInbox.class.getName());
    /** How long this node remembers that a session left, to send a request for it after the session. */
    private static final long RELEASE_MEMORY_MILLIS = 30_000;

    private final RedisCluster cluster;
    private final ClusterConnection redis;
    private final SessionKeys keys;
    private final PendingReplies pending;
    private final ClusterSettings settings;
    /** Sessions that left this node lately, with when: a request that still comes here is told to look again. */
    private final Map<String, Long> released = new ConcurrentHashMap<>();
    private volatile Cluster.Local local;

    NodeInbox(RedisCluster cluster, ClusterConnection redis, SessionKeys keys, PendingReplies pending,
            ClusterSettings settings) {
        this.cluster = cluster;
        this.redis = redis;
        this.keys = keys;
        this.pending = pending;
        this.settings = settings;
    }

    void start(Cluster.Local target) {
        this.local = target;
    }

    /** {@code sid} left this node (pulled, or handed off). */
    void released(String sid) {
        released.put(sid, System.currentTimeMillis());
    }

    /** Forgets sessions that left long ago: by then every node looks them up afresh. */
    void forgetOldReleases() {
        long before = System.currentTimeMillis() - RELEASE_MEMORY_MILLIS;
        released.values().removeIf(at -> at < before);
    }

    /** A message on this node's channel, on Lettuce's thread: handed on to the session's thread. */
    void onMessage(String text) {
        JsonObject message;
        try {
            message = NodeMessages.parse(text);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ignored a message on this node's channel that no Duplex node sent");
            return;
        }
        String kind = NodeMessages.string(message, "k");
        Executor thread = NodeMessages.REPLY.equals(kind) ? redis.work()
                : redis.stripe(NodeMessages.string(message, "sid"));
        try {
            thread.execute(() -> handle(message, kind));
        } catch (RejectedExecutionException closing) {
            // this node is leaving; the requester times out or finds it gone
        }
    }

    private void handle(JsonObject message, String kind) {
        String id = NodeMessages.string(message, "id");
        String from = NodeMessages.string(message, "from");
        if (!NodeMessages.REPLY.equals(kind) && !NodeMessages.CENSUS.equals(kind)) {
            cluster.settle(NodeMessages.string(message, "sid"));
        }
        try {
            switch (kind == null ? "" : kind) {
                case NodeMessages.REPLY -> pending.answered(id, message);
                case NodeMessages.CALL -> call(message, id, from);
                case NodeMessages.PULL -> pull(message, id, from);
                case NodeMessages.MESSAGE -> deliver(message, id, from);
                case NodeMessages.CENSUS -> {
                    JsonObject reply = NodeMessages.reply(id);
                    reply.add("ids", ChannelCensus.ids(local.channelIds()));
                    answer(from, reply);
                }
                default -> LOG.log(Level.WARNING, "ignored a node message of unknown kind " + kind);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a request from node " + from + " failed", e);
        }
    }

    private void call(JsonObject message, String id, String from) {
        String sid = NodeMessages.string(message, "sid");
        if (released.containsKey(sid)) {
            answer(from, NodeMessages.moved(id));
            return;
        }
        local.serve(NodeMessages.call(message), answer -> answer(from, NodeMessages.answer(id, answer)));
    }

    private void pull(JsonObject message, String id, String from) {
        String sid = NodeMessages.string(message, "sid");
        String snapshot = local.release(sid, NodeMessages.string(message, "token"),
                NodeMessages.string(message, "principal"));
        if (snapshot == null) {
            answer(from, released.containsKey(sid) ? NodeMessages.moved(id) : NodeMessages.reply(id));
            return;
        }
        released(sid);
        cluster.releasedHere(sid);
        redis.commands().set(keys.handoff(sid), snapshot, SetArgs.Builder.px(settings.handoffTtlMillis()))
                .whenComplete((ok, failure) -> {
                    redis.outcome("session hand-off", failure);
                    local.stored(sid, failure == null);
                    JsonObject reply = NodeMessages.reply(id);
                    reply.addProperty("ok", failure == null);
                    cluster.seam.released(sid).whenComplete((done, ignored) -> answer(from, reply));
                });
    }

    private void deliver(JsonObject message, String id, String from) {
        String sid = NodeMessages.string(message, "sid");
        boolean delivered = local.deliver(sid, NodeMessages.string(message, "d"));
        if (!delivered && released.containsKey(sid)) {
            answer(from, NodeMessages.moved(id));
            return;
        }
        JsonObject reply = NodeMessages.reply(id);
        reply.addProperty("ok", delivered);
        answer(from, reply);
    }

    private void answer(String node, JsonObject reply) {
        redis.commands().publish(keys.channel(node), reply.toString())
                .whenComplete((receivers, failure) -> redis.outcome("reply to node " + node, failure));
    }
}
