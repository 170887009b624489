package dev.duplex.server.mount;

import dev.duplex.server.topic.Broker;
import dev.duplex.server.topic.InMemoryBroker;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.util.ServiceLoader;

/**
 * Chooses a mount's {@link Broker}: in memory for a single node, or a cluster's when a cluster URI is
 * configured, through the {@link Broker.Factory} an optional module (e.g. {@code duplex-redis}) registers with
 * {@link ServiceLoader}.
 */
final class ClusterBrokers {
    /** The context init-param naming a cluster URI for every mount of the application without its own. */
    static final String CONTEXT_PARAMETER = "dev.duplex.cluster";

    private ClusterBrokers() {
    }

    /**
     * The broker for the mount at {@code path}: the mount's own {@code cluster} option if set, else the context's
     * {@code dev.duplex.cluster} init-param ({@code context} may be null), else in memory.
     *
     * @throws IllegalArgumentException if a cluster URI is malformed or no module on the class path serves it
     */
    static Broker forMount(ServletContext context, String clusterOption, String path) {
        String cluster = !clusterOption.isBlank() ? clusterOption
                : context == null ? null : context.getInitParameter(CONTEXT_PARAMETER);
        if (cluster == null || cluster.isBlank()) {
            return new InMemoryBroker();
        }
        URI uri;
        try {
            uri = URI.create(cluster.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Duplex cluster URI is malformed: " + cluster, e);
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (Broker.Factory factory : ServiceLoader.load(Broker.Factory.class,
                loader != null ? loader : ClusterBrokers.class.getClassLoader())) {
            if (factory.accepts(uri)) {
                return factory.create(uri, (context == null ? "" : context.getContextPath()) + path);
            }
        }
        throw new IllegalArgumentException("no Duplex cluster module serves " + uri.getScheme()
                + ": URIs; for redis:// put duplex-redis (and its dependencies) in WEB-INF/lib");
    }
}
