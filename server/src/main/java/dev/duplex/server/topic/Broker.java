package dev.duplex.server.topic;

/**
 * The fan-out seam between nodes. A hub tells its broker which topics it has local subscribers for and
 * what to publish; the broker calls the listener for every publish, from this node or another, on a topic
 * of interest. The hub then delivers to its local subscribers.
 *
 * <p>Implementations must deliver the publishes of one topic to the listener in publish order.
 */
public interface Broker extends AutoCloseable {

    /** Starts delivering publishes to {@code listener}; called once, before anything else. */
    void start(Listener listener);

    /** This node has a local subscriber for {@code topic}. */
    void subscribe(String topic);

    /** This node has no local subscriber for {@code topic} any more. */
    void unsubscribe(String topic);

    /** Publishes a JSON payload to every node subscribed to {@code topic}. */
    void publish(String topic, String payloadJson);

    /** Releases the broker's resources. */
    @Override
    void close();

    /** Receives publishes. */
    interface Listener {
        /** A publish arrived for a topic this node subscribed to. */
        void onPublish(String topic, String payloadJson);
    }
}
