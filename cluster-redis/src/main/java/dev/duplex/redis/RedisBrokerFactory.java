package dev.duplex.redis;

import dev.duplex.server.topic.Broker;
import java.net.URI;

/**
 * Serves {@code redis://} and {@code rediss://} cluster URIs, e.g. the {@code web.xml} init-param
 * {@code cluster} or the context init-param {@code dev.duplex.cluster}. Registered with
 * {@link java.util.ServiceLoader}.
 */
public final class RedisBrokerFactory implements Broker.Factory {

    @Override
    public boolean accepts(URI cluster) {
        return "redis".equals(cluster.getScheme()) || "rediss".equals(cluster.getScheme());
    }

    @Override
    public Broker create(URI cluster, String namespace) {
        return new RedisBroker(cluster, namespace);
    }
}
