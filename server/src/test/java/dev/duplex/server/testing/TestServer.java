package dev.duplex.server.testing;

import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.Duplex;
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

/** A real embedded Jetty 12 on an ephemeral port with one handler mounted at {@code /app/echo}. */
public final class TestServer implements AutoCloseable {
    public static final String CONTEXT = "/app";
    public static final String MOUNT = "/echo";

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final AtomicReference<Hub> hub = new AtomicReference<>();
    private final ServletContextHandler context = new ServletContextHandler(CONTEXT);

    public TestServer(ChannelHandler handler, DuplexOptions options) throws Exception {
        this(handler, options, 0);
    }

    /** On {@code port}, 0 for any: a restarted node on the port of the one it replaces. */
    public TestServer(ChannelHandler handler, DuplexOptions options, int port) throws Exception {
        connector.setPort(port);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        context.addEventListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                hub.set(Duplex.mount(event.getServletContext(), MOUNT, handler, options));
            }
        });
        server.setHandler(context);
        server.start();
    }

    /** The mount's base URI, e.g. {@code http://127.0.0.1:PORT/app/echo}. */
    public URI mountUri() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + CONTEXT + MOUNT);
    }

    /** The server's own origin. */
    public String origin() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    public int port() {
        return connector.getLocalPort();
    }

    public Hub hub() {
        return hub.get();
    }

    /**
     * Stops the web application first, while the connectors still serve its open connections, so its mounts
     * stop in {@code destroy} and can answer them; then the server. (Jetty's {@code Server.stop()} alone closes
     * every connection before it stops the web application.)
     */
    public void stopApplicationFirst() throws Exception {
        context.stop();
        server.stop();
    }

    /** Stops the way the demo launcher does: {@link Duplex#stop} while everything still runs, then the server. */
    public void stopDuplexFirst() throws Exception {
        Duplex.stop(context.getServletContext());
        server.stop();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
