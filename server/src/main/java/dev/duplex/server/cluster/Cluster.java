package dev.duplex.server.cluster;

import dev.duplex.server.session.RemoteAnswer;
import dev.duplex.server.session.RemoteCall;
import dev.duplex.server.topic.Broker;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One mount's view of the other nodes that serve it. Each session lives in the memory of one node, its
 * <em>owner</em>; a request that lands elsewhere is passed to the owner (a long-poll) or brings the session
 * over (a WebSocket), and a node that stops hands its sessions off as snapshots that exactly one node can
 * take. An optional module provides it through a {@link Factory} registered with {@link java.util.ServiceLoader}.
 *
 * <p>Every operation that crosses nodes is asynchronous and may fail; none ever blocks a caller on another node.
 */
public interface Cluster extends AutoCloseable {

    /** This node's name, unique in the cluster: it leads the id of every session this node creates. */
    String node();

    /** The topic broker of this mount, cluster-wide. */
    Broker broker();

    /** Starts serving the other nodes' requests for sessions of {@code local}; called once. */
    void start(Local local);

    /**
     * Passes a long-polling request for a session this node does not hold to the node that does, or takes the
     * session here if it was handed off and serves it locally. Completes with the answer to write: a
     * {@code 404 unknown_session} when no live node holds the session.
     */
    CompletionStage<RemoteAnswer> forward(RemoteCall call);

    /**
     * Brings a session here from the node that holds it (or from a hand-off). Completes with true once
     * {@link Local#adopt} took it, false when no live node holds it or the token or principal is wrong;
     * exceptionally when the node holding it could not be asked, or other nodes' requests kept taking it first
     * (the socket is told to try again later, and the session lives on).
     */
    CompletionStage<Boolean> fetch(String sid, String token, String principal);

    /**
     * Queues a message (its JSON) on a channel of another node. Completes with true once the owner queued it,
     * false when no node holds such a channel; exceptionally when the owner could not be asked.
     */
    CompletionStage<Boolean> send(String sid, String messageJson);

    /** The ids of every open channel of this mount on every live node. */
    CompletionStage<Set<String>> channelIds();

    /**
     * This node stops and is about to release {@code sids} and {@link #park} their snapshots: from now on it takes
     * no session from another node, and another node's request for one of {@code sids} waits (at most a command
     * timeout) until that snapshot is stored, then looks for the session again, instead of finding it neither
     * here nor in a snapshot. The default does nothing.
     *
     * @param sids the ids of the sessions about to be handed off
     */
    default void handingOff(Set<String> sids) {
    }

    /**
     * Stores snapshots (JSON, by session id) so that exactly one node can take each, within
     * {@code deadlineMillis}. Returns the ids stored; the others stay this node's.
     */
    Set<String> park(Map<String, String> snapshots, long deadlineMillis);

    /** A session of this node ended: it is no longer to be found here. */
    void closed(String sid);

    /** Leaves the cluster: the other nodes treat this node's sessions as gone unless they were handed off. */
    @Override
    void close();

    /** This node's sessions, as the cluster serves them for the other nodes. */
    interface Local {
        /** Serves a request another node received; {@code answer} is called once, possibly much later. */
        void serve(RemoteCall call, Consumer<RemoteAnswer> answer);

        /**
         * Lets go of a session another node pulls, if the credentials match: its snapshot (JSON), or null if
         * it is not here, not open, or the credentials do not match.
         */
        String release(String sid, String token, String principal);

        /**
         * Takes a session handed off by another node, with the messages sent to it while its snapshot waited
         * (their JSON, in order): they are queued behind the snapshot's frames before the session can be found
         * here, so nothing sent to it afterwards overtakes them. False if it could not (it is then lost).
         */
        boolean adopt(String snapshotJson, List<String> queued);

        /**
         * The snapshot of {@code sid}, released here for a node that pulls it ({@link #release}), is stored where
         * that node takes it ({@code stored}), or could not be: messages the application sent to the session
         * meanwhile waited here, and now follow it, in order.
         */
        void stored(String sid, boolean stored);

        /** Queues a message on a local channel; false if there is no such open channel here. */
        boolean deliver(String sid, String messageJson);

        /** The ids of this node's open channels. */
        Set<String> channelIds();
    }

    /**
     * Makes clusters for a cluster URI, e.g. {@code redis://127.0.0.1:6379}. Preferred over a
     * {@link Broker.Factory} that accepts the same URI.
     */
    interface Factory {
        /** Whether this factory serves {@code cluster}, usually by its scheme. */
        boolean accepts(URI cluster);

        /**
         * The cluster of one mount.
         *
         * @param namespace the context path and mount path, e.g. {@code /app/chat}; the same on every node
         * @param node      this node's name if configured (context init-param {@code dev.duplex.node}), or
         *                  null for the module to choose one
         */
        Cluster create(URI cluster, String namespace, String node);
    }
}
