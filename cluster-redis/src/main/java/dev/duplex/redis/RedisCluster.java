package dev.duplex.redis;

import com.google.gson.JsonObject;
import dev.duplex.server.cluster.Cluster;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.session.RemoteAnswer;
import dev.duplex.server.session.RemoteCall;
import dev.duplex.server.topic.Broker;
import io.lettuce.core.SetArgs;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One mount's sessions across nodes, over Redis (docs/cluster.md). Each session lives in the memory of its
 * owner; its id names the node that created it, and a key names its owner once it moved. A request that lands
 * elsewhere runs one script ({@code locate.lua}) that takes a handed-off snapshot, or finds the owner, checks
 * its heartbeat and publishes the request on the owner's channel, in one round trip. The owner answers on the
 * requester's channel. Thread-safe.
 */
public final class RedisCluster implements Cluster {
    private static final System.Logger LOG = System.getLogger(RedisCluster.class.getName());
        /** How often a request follows a session that moved on before it gives up. */
    private static final int ATTEMPTS = 3;
    /** Longest a forwarded poll waits for its owner (the owner answers within its poll timeout). */
    private static final long POLL_WAIT_MILLIS = 60_000;

    private final String node;
    /** This run of the node, its heartbeat's value: a request sent to an earlier run waits for no reply. */
    private final String life = UUID.randomUUID().toString();
    private final RedisBroker broker;
    private final SessionKeys keys;
    private final ClusterConnection redis;
    private final ClusterSettings settings;
    private final PendingReplies pending;
    private final NodeInbox inbox;
    private final ChannelCensus census;
    private final SessionLocator locator;
    /** Sessions this node took from another: it keeps their owner keys alive. */
    private final Set<String> adopted = ConcurrentHashMap.newKeySet();
    private volatile Local local;
    /** Set once this node hands its sessions off: it takes none from then on. */
    private volatile boolean leaving;
    /** The sessions this node is handing off, until their snapshots are stored: requests for them wait. */
    private final Departures departures = new Departures();
    /** Test seam: while false this node does not beat, as if its beats were lost on their way to Redis. */
    volatile boolean beating = true;
    /** Test seam: moments of a move that tests need to act in. */
    volatile MoveSeam seam = new MoveSeam() { };
    /**
     * Joins the cluster of the mount {@code namespace} on Redis as node {@code node}; {@code broker} carries the
     * mount's topics and is closed with this cluster.
     */
    RedisCluster(ClusterConnection redis, String namespace, String node, RedisBroker broker, ClusterSettings settings) {
        this.node = node;
        this.broker = broker;
        this.keys = new SessionKeys(namespace);
        this.redis = redis;
        this.settings = settings;
        this.pending = new PendingReplies(node, redis.timer());
        this.inbox = new NodeInbox(this, redis, keys, pending, settings);
        this.census = new ChannelCensus(node, redis, keys, pending, settings);
        this.locator = new SessionLocator(redis, keys, node, settings, this::adoptHere);
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public Broker broker() {
        return broker;
    }

    @Override
    public void start(Local target) {
        this.local = target;
        inbox.start(target);
        redis.listen(keys.channel(node), inbox::onMessage);
        // A Redis that a node starts on knew the cluster from its start (unless it restarted empty lately, and
        // then a locate has marked it young already): its missing heartbeats are dead nodes' (locate.lua).
        redis.commands().setnx(keys.since(), "0").toCompletableFuture().join();
        beat().toCompletableFuture().join();
        redis.timer().scheduleWithFixedDelay(this::beatLogged, settings.beatMillis(), settings.beatMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void beatLogged() {
        if (!beating) {
            return;
        }
        beat().whenComplete((ok, failure) -> redis.outcome("node heartbeat", failure));
    }

    /**
     * Tells the cluster this node lives, keeps (or writes again) the owner keys of adopted sessions, and finds dead
     * owners.
     */
    private CompletionStage<?> beat() {
        List<CompletableFuture<?>> writes = new ArrayList<>();
        writes.add(redis.commands().set(keys.alive(node), life, SetArgs.Builder.px(settings.heartbeatTtlMillis()))
                .toCompletableFuture());
        writes.add(redis.commands().sadd(keys.nodes(), node).toCompletableFuture());
        writes.add(redis.commands().del(keys.missing(node)).toCompletableFuture());
        for (String sid : adopted) {
            // Written again if Redis lost it (restarted empty): else the session is looked for on the node its id
            // names, which let it go. Only if missing: a move under way sets the key to the taker.
            writes.add(redis.commands().set(keys.owner(sid), node, SetArgs.Builder.nx().px(settings.ownerTtlMillis()))
                    .toCompletableFuture());
            writes.add(redis.commands().pexpire(keys.owner(sid), settings.ownerTtlMillis()).toCompletableFuture());
        }
        for (String owner : pending.owners()) {
            writes.add(redis.commands().get(keys.alive(owner)).thenAccept(life -> pending.ownerLives(owner, life))
                    .toCompletableFuture());
        }
        inbox.forgetOldReleases();
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    // ---- where a session is ----

    /** Takes a snapshot that locate found: the session lives here from now on. */
    private boolean adoptHere(String sid, String snapshot, List<String> queued) {
        seam.adopting(sid);
        // The queued messages go in with the snapshot, before the session can be found here.
        if (!local.adopt(snapshot, queued)) {
            return false;
        }
        adopted.add(sid);
        seam.adopted(sid);
        return true;
    }

    /**
     * Waits, at most the command timeout, for a locate of {@code sid} under way on this node. Called before this
     * node serves another node's request for {@code sid}: the locate may be taking the session here, and that
     * node, which found this one named its owner by the same script, must find the session in place. Waits
     * likewise for a hand-off of {@code sid} under way ({@link Departures}): that node must find the snapshot.
     */
    void settle(String sid) {
        locator.settle(sid);
        departures.await(sid, settings.commandTimeoutMillis());
    }

    /** Sends {@code request} (built for its id) to wherever {@code sid} lives, and waits for the reply. */
    private <T> CompletionStage<T> ask(String sid, String kind, long waitMillis, String queue,
            RequestBuilder build, Outcome<T> outcome) {
        String id = pending.newId();
        CompletableFuture<JsonObject> reply = pending.await(id, waitMillis);
        return locator.locate(sid, build.build(NodeMessages.request(kind, id, node)), queue).thenCompose(found -> {
            if (!found.outcome().equals("sent")) {
                pending.forget(id);
                return outcome.located(found);
            }
            pending.sentTo(id, found.owner(), found.life());
            return reply.handle((answer, failure) -> outcome.replied(answer, unwrap(failure)))
                    .thenCompose(stage -> stage);
        });
    }

    @FunctionalInterface
    private interface RequestBuilder {
        JsonObject build(JsonObject request);
    }

    /** What a request comes to: from what locate found (not sent), or from the owner's reply or its absence. */
    private interface Outcome<T> {
        CompletionStage<T> located(SessionLocator.Located found);

        CompletionStage<T> replied(JsonObject reply, Throwable failure);
    }

    /**
     * No reply came. If the owner is gone (it died, or stopped, or stopped and started again), the session may
     * live on elsewhere (handed off, taken): look for it again, up to {@link #ATTEMPTS}; else the failure.
     */
    private static CompletionStage<Boolean> noReply(Throwable failure, int attempt,
            Supplier<CompletionStage<Boolean>> again) {
        if (!(failure instanceof PendingReplies.OwnerGone)) {
            return CompletableFuture.failedFuture(failure);
        }
        return attempt < ATTEMPTS ? again.get() : CompletableFuture.completedFuture(false);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    // ---- Cluster ----

    @Override
    public CompletionStage<RemoteAnswer> forward(RemoteCall call) {
        return forward(call, 1);
    }

    private CompletionStage<RemoteAnswer> forward(RemoteCall call, int attempt) {
        if (leaving) {
            // Never take a session back while handing them off: the client tries another node.
            return CompletableFuture.completedFuture(RemoteAnswer.refusal(ErrorCode.NODE_UNAVAILABLE,
                    "this node is stopping"));
        }
        boolean poll = call.kind() == RemoteCall.Kind.POLL;
        RemoteAnswer gone = RemoteAnswer.refusal(ErrorCode.UNKNOWN_SESSION, "no such session");
        RemoteAnswer unavailable = RemoteAnswer.refusal(ErrorCode.NODE_UNAVAILABLE,
                "the node holding the session did not answer");
        return ask(call.sid(), NodeMessages.CALL, poll ? POLL_WAIT_MILLIS : settings.commandTimeoutMillis(), "",
                request -> NodeMessages.withCall(request, call), new Outcome<>() {
                    @Override
                    public CompletionStage<RemoteAnswer> located(SessionLocator.Located found) {
                        // Taken here, or no other node has it (it may have arrived here meanwhile): serve it here,
                        // which answers unknown_session if it is not here either.
                        if (found.adopted() || found.outcome().equals("none")) {
                            CompletableFuture<RemoteAnswer> answer = new CompletableFuture<>();
                            local.serve(call, answer::complete);
                            // Moved on again before it was served here: follow it.
                            return answer.thenCompose(served -> served != RemoteAnswer.MOVED
                                    ? CompletableFuture.completedFuture(served) : attempt < ATTEMPTS
                                    ? forward(call, attempt + 1) : CompletableFuture.completedFuture(unavailable));
                        }
                        return CompletableFuture.completedFuture(gone);
                    }

                    @Override
                    public CompletionStage<RemoteAnswer> replied(JsonObject reply, Throwable failure) {
                        if (failure instanceof PendingReplies.OwnerGone) {
                            // Dead: the next locate says so (unknown_session). Stopped: it finds the snapshot.
                            return attempt < ATTEMPTS ? forward(call, attempt + 1)
                                    : CompletableFuture.completedFuture(unavailable);
                        }
                        if (failure instanceof TimeoutException && poll) {
                            return CompletableFuture.completedFuture(RemoteAnswer.ok("[]"));
                        }
                        if (failure != null || NodeMessages.flag(reply, "moved") && attempt >= ATTEMPTS) {
                            return CompletableFuture.completedFuture(unavailable);
                        }
                        return NodeMessages.flag(reply, "moved") ? forward(call, attempt + 1)
                                : CompletableFuture.completedFuture(NodeMessages.answer(reply));
                    }
                });
    }

    /**
     * Takes {@code sid}'s handed-off snapshot if one waits, and nothing else (no pull): true if this node took it.
     * Of any number of nodes racing, exactly one does.
     */
    CompletionStage<Boolean> take(String sid) {
        JsonObject ask = NodeMessages.withSession(NodeMessages.request(NodeMessages.PULL, pending.newId(), node), sid,
                null, null);
        return locator.locate(sid, ask, "")
                .thenApply(SessionLocator.Located::adopted);
    }

    @Override
    public CompletionStage<Boolean> fetch(String sid, String token, String principal) {
        return fetch(sid, token, principal, 1);
    }

    private CompletionStage<Boolean> fetch(String sid, String token, String principal, int attempt) {
        if (leaving) {
            return CompletableFuture.failedFuture(new IllegalStateException("this node is stopping"));
        }
        return ask(sid, NodeMessages.PULL, settings.commandTimeoutMillis(), "",
                request -> NodeMessages.withSession(request, sid, token, principal), new Outcome<>() {
                    @Override
                    public CompletionStage<Boolean> located(SessionLocator.Located found) {
                        // "none": no other node has it; the caller looks here (it may have arrived meanwhile).
                        return CompletableFuture.completedFuture(found.adopted() || found.outcome().equals("none"));
                    }

                    @Override
                    public CompletionStage<Boolean> replied(JsonObject reply, Throwable failure) {
                        if (failure != null) {
                            return noReply(failure, attempt, () -> fetch(sid, token, principal, attempt + 1));
                        }
                        // Released (or moved on meanwhile): the snapshot waits, so look again and take it.
                        boolean again = NodeMessages.flag(reply, "ok") || NodeMessages.flag(reply, "moved");
                        if (!again) {
                            return CompletableFuture.completedFuture(false); // not there, or not the client's
                        }
                        // The session lives, but each time another node's request took it first (a long-polling
                        // loop that races the socket): a failure, so the socket is told to try again (1013),
                        // never that the session is gone (4404), which would end it.
                        return attempt < ATTEMPTS ? fetch(sid, token, principal, attempt + 1)
                                : CompletableFuture.failedFuture(new TimeoutException(
                                        "session " + sid + " kept moving away while this node pulled it"));
                    }
                });
    }

    @Override
    public CompletionStage<Boolean> send(String sid, String messageJson) {
        return send(sid, messageJson, 1);
    }

    private CompletionStage<Boolean> send(String sid, String messageJson, int attempt) {
        return ask(sid, NodeMessages.MESSAGE, settings.commandTimeoutMillis(), messageJson,
                request -> {
                    request.addProperty("sid", sid);
                    request.addProperty("d", messageJson);
                    return request;
                }, new Outcome<>() {
                    @Override
                    public CompletionStage<Boolean> located(SessionLocator.Located found) {
                        return CompletableFuture.completedFuture(found.outcome().equals("queued")
                                || found.outcome().equals("none") && local.deliver(sid, messageJson));
                    }

                    @Override
                    public CompletionStage<Boolean> replied(JsonObject reply, Throwable failure) {
                        if (failure != null) {
                            return noReply(failure, attempt, () -> send(sid, messageJson, attempt + 1));
                        }
                        if (NodeMessages.flag(reply, "moved")) {
                            return attempt < ATTEMPTS ? send(sid, messageJson, attempt + 1)
                                    : CompletableFuture.failedFuture(new TimeoutException("the session kept moving"));
                        }
                        return CompletableFuture.completedFuture(NodeMessages.flag(reply, "ok"));
                    }
                });
    }

    @Override
    public CompletionStage<Set<String>> channelIds() {
        return census.channelIds(local.channelIds());
    }

    @Override
    public void handingOff(Set<String> sids) {
        leaving = true;
        departures.begin(sids);
    }

    @Override
    public Set<String> park(Map<String, String> snapshots, long deadlineMillis) {
        leaving = true;
        seam.parking(snapshots.keySet());
        departures.doneExcept(snapshots.keySet());
        Map<String, CompletableFuture<String>> writes = new ConcurrentHashMap<>();
        snapshots.forEach((sid, snapshot) -> {
            adopted.remove(sid);
            inbox.released(sid);
            // Pipelined: every write is on its way before the first is waited for.
            CompletableFuture<String> write = redis.commands().set(keys.handoff(sid), snapshot,
                    SetArgs.Builder.px(settings.handoffTtlMillis())).toCompletableFuture();
            write.whenComplete((ok, failure) -> departures.done(sid));
            writes.put(sid, write);
        });
        Set<String> parked = new HashSet<>();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMillis);
        writes.forEach((sid, write) -> {
            try {
                write.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                parked.add(sid);
            } catch (Exception e) {
                LOG.log(Level.WARNING, "could not hand off session " + sid + ": " + e);
            }
        });
        return parked;
    }

    @Override
    public void closed(String sid) {
        adopted.remove(sid);
    }

    /** A session of this node was pulled away: its owner key is the puller's to keep now. */
    void releasedHere(String sid) {
        adopted.remove(sid);
    }

    @Override
    public void close() {
        departures.doneExcept(Set.of());
        try {
            redis.leave(keys.alive(node), keys.missing(node), settings.ownerTtlMillis(), keys.nodes(), node);
        } finally {
            try {
                broker.close();
            } finally {
                redis.close();
            }
        }
    }
}
