package dev.duplex.server.api;

import java.util.Optional;

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

    /** This hub's figures for monitoring (also published over JMX by the mount). */
    Metrics metrics();
}
