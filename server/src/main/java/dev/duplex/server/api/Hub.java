package dev.duplex.server.api;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * One mounted handler and all its channels. Obtained from {@link dev.duplex.server.Duplex#mount}, or from any
 * {@link Channel#hub()}.
 */
public interface Hub {

    /**
     * The path this hub is mounted at, relative to the web application, e.g. {@code /chat}.
     *
     * @return the mount path
     */
    String path();

    /**
     * The options in force.
     *
     * @return the mount's options
     */
    DuplexOptions options();

    /**
     * Publishes a message to every channel subscribed to {@code topic}, from any thread.
     *
     * <p>The fan-out runs on the calling thread: the message is encoded once and queued on every local
     * subscriber's channel, whose transports are then woken; the write pool does the network writes, so this
     * never waits on a client. It takes time in proportion to the topic's subscribers on this node (some
     * microseconds for ten, a fraction of a millisecond for a thousand). Publishes to one topic are serialised,
     * so all subscribers see them in one order; and a message published before a {@link Channel#send} on the
     * same thread reaches that channel first. Callers that must not spend that time hand the call to a thread
     * of their own.
     *
     * @throws IllegalArgumentException if the topic name is invalid
     * @param message the message
     * @param topic the topic name
     */
    void publish(String topic, Message message);

    /**
     * An open channel by id.
     *
     * @param id a channel's id
     * @return the open channel with that id, or empty
     */
    Optional<Channel> channel(String id);

    /**
     * How many channels are open, including those between transports inside the resume window.
     *
     * @return how many channels are open
     */
    int channelCount();

    /**
     * This hub's figures for monitoring (also published over JMX by the mount).
     *
     * @return the figures, live: each read gives the value at that moment
     */
    Metrics metrics();

    /**
     * Sends a message to the channel {@code channelId}, wherever it lives: on this node, as
     * {@link Channel#send} does; in a cluster, on the node that holds the channel (docs/cluster.md). From any
     * thread; never blocks. The message is numbered like any other on that channel and reaches the client exactly
     * once, in order with the channel's other messages queued on that node.
     *
     * @param channelId the channel's id ({@link Channel#id()})
     * @param message   what to send
     * @return completes with true once the channel queued the message, false if no node holds an open channel
     *         of that id; exceptionally if the node holding it could not be asked in time (the message may or may
     *         not have been queued)
     */
    CompletionStage<Boolean> send(String channelId, Message message);

    /**
     * The ids of every open channel of this mount: on a single node this node's, in a cluster every live
     * node's. From any thread; never blocks.
     *
     * @return the ids; completes exceptionally if a live node did not answer in time
     */
    CompletionStage<Set<String>> clusterChannelIds();

    /**
     * How many channels {@link #clusterChannelIds()} lists.
     *
     * @return the count, as {@link #clusterChannelIds()} completes
     */
    default CompletionStage<Integer> clusterChannelCount() {
        return clusterChannelIds().thenApply(Set::size);
    }
}
