package dev.duplex.redis;

import dev.duplex.server.Duplex;
import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Hub;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One Duplex node for cluster tests: a real embedded Jetty on an ephemeral port with one mount below
 * {@code /app}, mounted from code; its cluster is named by {@link DuplexOptions#cluster()} or by the context
 * init-param {@code dev.duplex.cluster}.
 */
final class ClusterNode implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final AtomicReference<Hub> hub = new AtomicReference<>();
    private final String mount;

    /**
     * Starts a node; nodes of one cluster share {@code mount} (it names the topics' namespace in Redis).
     *
     * @param clusterParameter the context init-param {@code dev.duplex.cluster}, or null
     */
    ClusterNode(String mount, ChannelHandler handler, DuplexOptions options, String clusterParameter)
            throws Exception {
        this.mount = mount;
        connector.setPort(0);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/app");
        if (clusterParameter != null) {
            context.setInitParameter("dev.duplex.cluster", clusterParameter);
        }
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        context.addEventListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                hub.set(Duplex.mount(event.getServletContext(), mount, handler, options));
            }
        });
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
    }

    URI mountUri() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/app" + mount);
    }

    /** The mount's namespace in Redis: the context path and the mount path. */
    String namespace() {
        return "/app" + mount;
    }

    String origin() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    Hub hub() {
        return hub.get();
    }

    /** Whether the node still serves (not stopped). */
    boolean isRunning() {
        return server.isRunning();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
