package dev.duplex.server.api;

import java.util.Optional;

/**
 * One mounted handler and all its channels. Obtained from {@link Duplex#mount}, or from any
 * {@link Channel#hub()}.
 */
public interface Hub {

    /** The path this hub is mounted at, relative to the web application, e.g. {@code /chat}. */
    String path();

    /** The options in force. */
    DuplexOptions options();

    /**
     * Publishes a message to every channel subscribed to {@code topic}, from any thread. Returns at once.
     *
     * @throws IllegalArgumentException if the topic name is invalid
     */
    void publish(String topic, Message message);

    /** An open channel by id. */
    Optional<Channel> channel(String id);

    /** How many channels are open, including those between transports inside the resume window. */
    int channelCount();
}
