package dev.duplex.redis;

import dev.duplex.server.ChannelHandler;
import dev.duplex.server.Duplex;
import dev.duplex.server.DuplexOptions;
import dev.duplex.server.Hub;
import dev.duplex.server.topic.Broker;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One Duplex node for cluster tests: a real embedded Jetty on an ephemeral port with one mount at
 * {@code /app/echo}, its topics carried by the broker given, or by whatever the context init-param
 * {@code dev.duplex.cluster} names (the ServiceLoader path that web.xml and the demo launcher use).
 */
final class ClusterNode implements AutoCloseable {
    static final String MOUNT = "/echo";

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final AtomicReference<Hub> hub = new AtomicReference<>();

    private ClusterNode(ChannelHandler handler, DuplexOptions options, Broker broker, String clusterParameter)
            throws Exception {
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
                hub.set(broker == null ? Duplex.mount(event.getServletContext(), MOUNT, handler, options)
                        : Duplex.mount(event.getServletContext(), MOUNT, handler, options, broker));
            }
        });
        server.setHandler(context);
        server.start();
        if (hub.get() == null) {
            server.stop();
            throw new IllegalStateException("the mount failed; see the log");
        }
    }

    /** A node whose mount gets {@code broker}. */
    static ClusterNode withBroker(ChannelHandler handler, DuplexOptions options, Broker broker) throws Exception {
        return new ClusterNode(handler, options, broker, null);
    }

    /** A node whose mount finds its broker from the context init-param {@code dev.duplex.cluster}. */
    static ClusterNode withClusterParameter(ChannelHandler handler, DuplexOptions options, String cluster)
            throws Exception {
        return new ClusterNode(handler, options, null, cluster);
    }

    URI mountUri() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/app" + MOUNT);
    }

    String origin() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    Hub hub() {
        return hub.get();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
