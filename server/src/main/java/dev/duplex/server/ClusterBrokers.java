package dev.duplex.server;

import dev.duplex.server.topic.Broker;
import dev.duplex.server.topic.InMemoryBroker;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.util.ServiceLoader;

/**
 * Chooses a mount's {@link Broker}: in memory for a single node, or a cluster's when a cluster URI is
 * configured, through the {@link Broker.Factory} an optional module (e.g. {@code duplex-redis}) registers.
 */
final class ClusterBrokers {
    /** The servlet init-param (web.xml mounts) naming a cluster URI, e.g. {@code redis://127.0.0.1:6379}. */
    static final String SERVLET_PARAMETER = "cluster";
    /** The context init-param naming a cluster URI for every mount of the application. */
    static final String CONTEXT_PARAMETER = "dev.duplex.cluster";

    private ClusterBrokers() {
    }

    /**
     * The broker for the mount at {@code path}: the servlet's {@code cluster} init-param if given (may be
     * null), else the context's {@code dev.duplex.cluster}, else in memory.
     *
     * @throws IllegalArgumentException if a cluster URI is malformed or no module on the class path serves it
     */
    static Broker forMount(ServletContext context, String servletParameter, String path) {
        String cluster = servletParameter != null && !servletParameter.isBlank() ? servletParameter
                : context.getInitParameter(CONTEXT_PARAMETER);
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
                return factory.create(uri, context.getContextPath() + path);
            }
        }
        throw new IllegalArgumentException("no Duplex cluster module serves " + uri.getScheme()
                + ": URIs; for redis:// put duplex-redis (and its dependencies) in WEB-INF/lib");
    }
}
