package dev.duplex.server.mount;

import dev.duplex.server.cluster.Cluster;
import dev.duplex.server.hub.DefaultHub;
import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.topic.Broker;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.util.ServiceLoader;

/**
 * Builds a mount's hub for a single node or for a cluster: when a cluster URI is configured, through the
 * {@link Cluster.Factory} (sessions and topics cluster-wide) or else the {@link Broker.Factory} (topics only) that
 * an optional module (e.g. {@code duplex-redis}) registers with {@link ServiceLoader}.
 */
final class ClusterBrokers {
    /** The context init-param naming a cluster URI for every mount of the application without its own. */
    static final String CONTEXT_PARAMETER = "dev.duplex.cluster";
    /** The context init-param naming this node, in {@code X-Duplex-Node} and in a cluster. */
    static final String NODE_PARAMETER = "dev.duplex.node";

    private ClusterBrokers() {
    }

    /**
     * The hub of the mount at {@code path}: clustered by the mount's own {@code cluster} option if set, else by
     * the context's {@code dev.duplex.cluster} init-param ({@code context} may be null), else a single node.
     *
     * @throws IllegalArgumentException if a cluster URI is malformed or no module on the class path serves it
     */
    static DefaultHub hub(ServletContext context, String path, ChannelHandler handler, DuplexOptions options) {
        String cluster = !options.cluster().isBlank() ? options.cluster()
                : context == null ? null : context.getInitParameter(CONTEXT_PARAMETER);
        String node = context == null ? null : context.getInitParameter(NODE_PARAMETER);
        node = node == null || node.isBlank() ? null : node.trim();
        if (cluster == null || cluster.isBlank()) {
            return new DefaultHub(path, handler, options, null, node);
        }
        URI uri;
        try {
            uri = URI.create(cluster.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Duplex cluster URI is malformed: " + cluster, e);
        }
        String namespace = (context == null ? "" : context.getContextPath()) + path;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        loader = loader != null ? loader : ClusterBrokers.class.getClassLoader();
        for (Cluster.Factory factory : ServiceLoader.load(Cluster.Factory.class, loader)) {
            if (factory.accepts(uri)) {
                return new DefaultHub(path, handler, options, factory.create(uri, namespace, node), node);
            }
        }
        for (Broker.Factory factory : ServiceLoader.load(Broker.Factory.class, loader)) {
            if (factory.accepts(uri)) {
                return new DefaultHub(path, handler, options, factory.create(uri, namespace));
            }
        }
        throw new IllegalArgumentException("no Duplex cluster module serves " + uri.getScheme()
                + ": URIs; for redis:// put duplex-redis (and its dependencies) in WEB-INF/lib");
    }
}
