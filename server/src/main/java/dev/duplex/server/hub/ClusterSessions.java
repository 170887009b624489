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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
        SessionSnapshot snapshot = session.release(true, SETTLE_MILLIS);
        if (snapshot == null) {
            return null;
        }
        forget(session);
        return snapshot.toJson();
    }

    /** Takes a session another node let go of. */
    boolean adopt(String snapshotJson) {
        SessionSnapshot snapshot = SessionSnapshot.fromJson(snapshotJson);
        Session session = Session.adopt(snapshot, hub, limits);
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

    /** The application sent to a session that moved on: it follows the session. */
    void sendMoved(Session session, Message message) {
        cluster.send(session.id(), message.wire()).whenComplete((delivered, failure) -> {
            if (failure != null || !Boolean.TRUE.equals(delivered)) {
                LOG.log(Level.WARNING, "a message to " + session + ", which moved to another node, was not delivered"
                        + (failure == null ? ": the session is gone" : ": " + failure));
            }
        });
    }

    @Override
    public Set<Session> handOff(List<Session> sessions) {
        long deadline = System.currentTimeMillis() + hub.options().stopGraceMillis();
        Map<String, String> snapshots = new LinkedHashMap<>();
        Map<String, Session> moved = new LinkedHashMap<>();
        for (Session session : sessions) {
            SessionSnapshot snapshot = session.release(false, SETTLE_MILLIS);
            if (snapshot != null) {
                snapshots.put(session.id(), snapshot.toJson());
                moved.put(session.id(), session);
                forget(session);
            }
        }
        Set<String> parked = cluster.park(snapshots, Math.max(0, deadline - System.currentTimeMillis()));
        Set<Session> taken = new HashSet<>();
        moved.forEach((sid, session) -> {
            if (parked.contains(sid)) {
                taken.add(session);
            } else {
                // Not stored: nobody can take it over, so it ends here, and the application is told.
                LOG.log(Level.WARNING, "could not hand off " + session + "; it closes");
                hub.closed(session, CloseReason.SHUTDOWN);
            }
        });
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
            public boolean adopt(String snapshotJson) {
                return ClusterSessions.this.adopt(snapshotJson);
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
