package dev.duplex.server.topic;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The fan-out seam between nodes. A hub tells its broker which topics it has local subscribers for and
 * what to publish; the broker calls the listener for every publish, from this node or another, on a topic
 * of interest. The hub then delivers to its local subscribers.
 *
 * <p>Implementations must deliver the publishes of one topic to the listener in publish order, each once. When
 * a broker cannot promise that (a connection to other nodes was lost, a publish failed), it says so with
 * {@link Listener#onGap}: the hub then tells every local subscriber of the topic with a {@code reset}.
 */
public interface Broker extends AutoCloseable {

    /** Starts delivering publishes to {@code listener}; called once, before anything else. */
    void start(Listener listener);

    /** This node has a local subscriber for {@code topic}. */
    void subscribe(String topic);

    /**
     * When this node's subscription to {@code topic} receives every later publish, from any node: at once for a
     * broker inside this process; for a networked one, once the backend confirmed the subscription (or gave up:
     * then the topic gets {@link Listener#onGap}). A client's subscription is acknowledged only then, so that
     * a publish made anywhere after the acknowledgement reaches it. Never fails; completes on any thread.
     *
     * @param topic a topic this node {@link #subscribe subscribed} to
     * @return completes when the subscription is live
     */
    default CompletionStage<Void> live(String topic) {
        return CompletableFuture.completedFuture(null);
    }

    /** This node has no local subscriber for {@code topic} any more. */
    void unsubscribe(String topic);

    /** Publishes a JSON payload to every node subscribed to {@code topic}. */
    void publish(String topic, String payloadJson);

    /**
     * The publishes of {@code topic} after {@code mark} that the stream still holds (a networked broker keeps a
     * short history), for a session that moved here and may have missed some in the instant it moved. The default,
     * for a broker that numbers nothing, fails: the session is then told of a possible gap.
     *
     * @param topic a topic this node subscribed to
     * @param mark  the last publish the session got
     * @return completes with where the stream stands now and what it holds after {@code mark}; never on the
     *         calling thread's stack if it waits for I/O
     */
    default CompletionStage<History> since(String topic, StreamMark mark) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("this broker keeps no history"));
    }

    /**
     * What a stream holds after a mark.
     *
     * @param epoch     the stream's life now (null if it has none: never published, expired, or its store was
     *                  emptied)
     * @param offset    its last offset
     * @param publishes those after the mark asked for, oldest first; may start later than the one right after it
     *                  (trimmed)
     */
    record History(String epoch, long offset, List<Marked> publishes) { }

    /** One publish, with its mark. */
    record Marked(StreamMark mark, String payloadJson) { }

    /** Releases the broker's resources. */
    @Override
    void close();

    /** Receives publishes. */
    interface Listener {
        /** A publish arrived for a topic this node subscribed to. */
        void onPublish(String topic, String payloadJson);

        /**
         * A publish numbered by the broker ({@link StreamMark}): sessions remember the mark of the last one they
         * got, so a session that moves between nodes misses none and gets none twice. The default ignores it.
         */
        default void onPublish(String topic, String payloadJson, StreamMark mark) {
            onPublish(topic, payloadJson);
        }

        /**
         * This node's stream of {@code topic} (re)started at {@code mark}: publishes up to it will not be delivered
         * here (they were made before this node subscribed). The default ignores it.
         */
        default void onPosition(String topic, StreamMark mark) {
        }

        /**
         * Publishes to {@code topic} may have been lost between the last {@link #onPublish} and the next one:
         * every local subscriber gets a numbered {@code reset} naming the topic (reason {@code topic_gap}).
         */
        void onGap(String topic);
    }

    /**
     * Makes brokers for a cluster URI, e.g. {@code redis://127.0.0.1:6379}. Optional modules register one with
     * {@link java.util.ServiceLoader}, so a {@code web.xml} init-param can name a cluster without code.
     */
    interface Factory {
        /** Whether this factory serves {@code cluster}, usually by its scheme. */
        boolean accepts(URI cluster);

        /**
         * A broker for one mount.
         *
         * @param namespace keeps mounts apart on a shared backend: the context path and mount path, e.g.
         *                  {@code /app/chat}; the same on every node of one application
         */
        Broker create(URI cluster, String namespace);
    }
}
