package dev.duplex.server.testing;

import dev.duplex.server.session.Session;
import dev.duplex.server.session.SessionHandoff;
import dev.duplex.server.topic.Broker;
import dev.duplex.server.topic.InMemoryBroker;
import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * A single-node broker that is also a {@link SessionHandoff}, found like a cluster module's (the cluster URI
 * {@code test-handoff:x}, through {@link java.util.ServiceLoader}), so a test can stand in for a cluster's
 * hand-off: it runs {@link #next} with the sessions of a stopping node.
 */
public final class HandoffBroker implements Broker, SessionHandoff {
    /** The cluster URI that mounts with this broker. */
    public static final String URI = "test-handoff:x";
    /** What the next stop's hand-off does; a test sets it before stopping the server. */
    public static volatile SessionHandoff next = SessionHandoff.NONE;

    private final InMemoryBroker local = new InMemoryBroker();

    @Override
    public Set<Session> handOff(List<Session> sessions) {
        return next.handOff(sessions);
    }

    @Override
    public void start(Listener listener) {
        local.start(listener);
    }

    @Override
    public void subscribe(String topic) {
        local.subscribe(topic);
    }

    @Override
    public void unsubscribe(String topic) {
        local.unsubscribe(topic);
    }

    @Override
    public void publish(String topic, String payloadJson) {
        local.publish(topic, payloadJson);
    }

    @Override
    public void close() {
        local.close();
    }

    /** Serves {@code test-handoff:} URIs. */
    public static final class Factory implements Broker.Factory {
        @Override
        public boolean accepts(URI cluster) {
            return "test-handoff".equals(cluster.getScheme());
        }

        @Override
        public Broker create(URI cluster, String namespace) {
            return new HandoffBroker();
        }
    }
}
