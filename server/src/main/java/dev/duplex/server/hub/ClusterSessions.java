package dev.duplex.server.hub;

import dev.duplex.server.api.CloseReason;
import dev.duplex.server.api.Message;
import dev.duplex.server.cluster.Cluster;
import dev.duplex.server.protocol.ProtocolException;
import dev.duplex.server.session.Outbox;
import dev.duplex.server.session.RemoteAnswer;
import dev.duplex.server.session.RemoteCall;
import dev.duplex.server.session.Session;
import dev.duplex.server.session.SessionHandoff;
import dev.duplex.server.session.SessionSnapshot;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The hub's side of a {@link Cluster}: sessions leave this node as snapshots (pulled by a WebSocket elsewhere,
 * or handed off when the node stops) and arrive from others, and messages follow a session that moved. None of
 * it tells the application that a session closed or opened: the session lives on.
 */
final class ClusterSessions implements SessionHandoff {
    private static final System.Logger LOG = System.getLogger(ClusterSessions.class.getName());
    /** How long a session being moved may take to finish the application's calls already under way. */
    private static final long SETTLE_MILLIS = 1_000;

    private final DefaultHub hub;
    private final Cluster cluster;
    private final SessionRegistry registry;
    private final FrameDispatcher dispatcher;
    private final Outbox.Limits limits;
    /**
     * Sessions released here whose snapshot is not stored yet, each with the messages sent to it meanwhile: until
     * the snapshot is stored no node can take the session, so those wait here, in order, and then follow it.
     */
    private final Map<String, List<String>> inTransit = new ConcurrentHashMap<>();

    ClusterSessions(DefaultHub hub, Cluster cluster, SessionRegistry registry, FrameDispatcher dispatcher,
            Outbox.Limits limits) {
        this.hub = hub;
        this.cluster = cluster;
        this.registry = registry;
        this.dispatcher = dispatcher;
        this.limits = limits;
    }

    /** A WebSocket on another node pulls a session: its snapshot if the credentials match, else null. */
    String release(String sid, String token, String principal) {
        Session session;
        try {
            session = hub.resolve(sid, token, principal == null ? null : new SessionSnapshot.NamedPrincipal(principal));
        } catch (ProtocolException e) {
            return null;
        }
        departing(sid);
        SessionSnapshot snapshot = session.release(true, SETTLE_MILLIS);
        if (snapshot == null) {
            landed(sid, false);
            return null;
        }
        forget(session);
        return snapshot.toJson();
    }

    /** Takes a session another node let go of, with the messages queued on its snapshot, in order. */
    boolean adopt(String snapshotJson, List<String> queued) {
        SessionSnapshot snapshot = SessionSnapshot.fromJson(snapshotJson);
        Session session = Session.adopt(snapshot, hub, limits);
        // Before the session can be found here: a message sent to it from now on must come after these.
        queued.forEach(message -> session.send(Message.wire(message)));
        if (!registry.adopt(session)) {
            LOG.log(Level.WARNING, "a session handed over to this node was already here: " + snapshot.id());
            return false;
        }
        dispatcher.resubscribe(session);
        return true;
    }

    /** Queues a message another node sent to a local channel. */
    boolean deliver(String sid, String messageJson) {
        Optional<Session> session = registry.find(sid).filter(Session::isOpen);
        session.ifPresent(s -> s.send(Message.wire(messageJson)));
        return session.isPresent();
    }

    /**
     * {@code Hub.send} to a channel that is not here: to the node that holds it, or, if it is leaving this node and
     * its snapshot is not stored yet, queued here until it is, in order.
     */
    CompletionStage<Boolean> send(String sid, String messageJson) {
        List<String> waiting = inTransit.get(sid);
        if (waiting != null) {
            synchronized (waiting) {
                if (inTransit.get(sid) == waiting) {
                    waiting.add(messageJson);
                    return CompletableFuture.completedFuture(true);
                }
            }
        }
        return cluster.send(sid, messageJson);
    }

    /** {@code sid} is about to be released: messages for it wait until {@link #landed}. */
    private void departing(String sid) {
        inTransit.put(sid, new ArrayList<>());
    }

    /**
     * The snapshot of {@code sid} is stored, or could not be (the session is then lost, or stays): what waited
     * follows the session, in the order sent, before anything sent from now on. Returns those sends.
     */
    private List<CompletableFuture<Boolean>> landed(String sid, boolean stored) {
        List<String> waiting = inTransit.get(sid);
        if (waiting == null) {
            return List.of();
        }
        List<CompletableFuture<Boolean>> sends = new ArrayList<>();
        synchronized (waiting) {
            if (stored) {
                waiting.forEach(message -> sends.add(cluster.send(sid, message).toCompletableFuture()));
            } else if (!waiting.isEmpty()) {
                LOG.log(Level.WARNING, waiting.size() + " message(s) to " + sid + " were not delivered: its "
                        + "snapshot could not be stored");
            }
            inTransit.remove(sid, waiting);
        }
        return sends;
    }

    /** The application sent to a session that moved on: it follows the session. */
    void sendMoved(Session session, Message message) {
        send(session.id(), message.wire()).whenComplete((delivered, failure) -> {
            if (failure != null || !Boolean.TRUE.equals(delivered)) {
                LOG.log(Level.WARNING, "a message to " + session + ", which moved to another node, was not delivered"
                        + (failure == null ? ": the session is gone" : ": " + failure));
            }
        });
    }

    @Override
    public Set<Session> handOff(List<Session> sessions) {
        long started = System.currentTimeMillis();
        long grace = hub.options().stopGraceMillis();
        long deadline = started + grace;
        // Every session stops taking client frames at once, so the application's calls under way finish in all of
        // them together: the releases share one settling time (at most half the grace, the rest is for Redis),
        // instead of one each.
        long settleUntil = started + Math.min(SETTLE_MILLIS, grace / 2);
        Set<String> ids = new HashSet<>();
        sessions.forEach(session -> ids.add(session.id()));
        cluster.handingOff(ids);
        for (Session session : sessions) {
            departing(session.id());
            session.seal();
        }
        Map<String, String> snapshots = new LinkedHashMap<>();
        Map<String, Session> moved = new LinkedHashMap<>();
        for (Session session : sessions) {
            SessionSnapshot snapshot = session.release(false, Math.max(0, settleUntil - System.currentTimeMillis()));
            if (snapshot != null) {
                snapshots.put(session.id(), snapshot.toJson());
                moved.put(session.id(), session);
                forget(session);
            } else {
                landed(session.id(), false);
            }
        }
        long released = System.currentTimeMillis();
        Set<String> parked = cluster.park(snapshots, Math.max(0, deadline - System.currentTimeMillis()));
        Set<Session> taken = new HashSet<>();
        List<CompletableFuture<Boolean>> following = new ArrayList<>();
        moved.forEach((sid, session) -> {
            following.addAll(landed(sid, parked.contains(sid)));
            if (parked.contains(sid)) {
                taken.add(session);
            } else {
                // Not stored: nobody can take it over, so it ends here, and the application is told.
                LOG.log(Level.WARNING, "could not hand off " + session + "; it closes");
                hub.closed(session, CloseReason.SHUTDOWN);
            }
        });
        // The node closes its Redis connection soon after: let the messages that waited leave first.
        try {
            CompletableFuture.allOf(following.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "messages to sessions handed off may not have followed them: " + e);
        }
        LOG.log(Level.INFO, "handed off " + taken.size() + " of " + sessions.size() + " sessions in "
                + (System.currentTimeMillis() - started) + " ms (released in " + (released - started) + " ms)");
        return taken;
    }

    /** This node's sessions as the cluster serves them to the other nodes; {@code serve} runs long-polling calls. */
    Cluster.Local local(BiConsumer<RemoteCall, Consumer<RemoteAnswer>> serve) {
        return new Cluster.Local() {
            @Override
            public void serve(RemoteCall call, Consumer<RemoteAnswer> answer) {
                serve.accept(call, answer);
            }

            @Override
            public String release(String sid, String token, String principal) {
                return ClusterSessions.this.release(sid, token, principal);
            }

            @Override
            public boolean adopt(String snapshotJson, List<String> queued) {
                return ClusterSessions.this.adopt(snapshotJson, queued);
            }

            @Override
            public void stored(String sid, boolean stored) {
                landed(sid, stored);
            }

            @Override
            public boolean deliver(String sid, String messageJson) {
                return ClusterSessions.this.deliver(sid, messageJson);
            }

            @Override
            public Set<String> channelIds() {
                return registry.openIds();
            }
        };
    }

    private void forget(Session session) {
        registry.remove(session);
        dispatcher.forget(session);
    }
}
