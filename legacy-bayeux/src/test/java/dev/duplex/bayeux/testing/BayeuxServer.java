package dev.duplex.bayeux.testing;

import dev.duplex.bayeux.BayeuxOptions;
import dev.duplex.bayeux.DuplexBayeux;
import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.Duplex;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Hub;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.concurrent.atomic.AtomicReference;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real embedded Jetty 12 on an ephemeral port: a Duplex hub at {@code /chat} and its Bayeux front door at
 * {@code /cometd}, sharing the hub, as the demo WAR mounts them; static files from the module's directory,
 * for browser pages.
 */
public final class BayeuxServer implements AutoCloseable {
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final AtomicReference<Hub> hub = new AtomicReference<>();

    public BayeuxServer(ChannelHandler handler) throws Exception {
        this(handler, DuplexOptions.defaults(), BayeuxOptions.defaults());
    }

    public BayeuxServer(ChannelHandler handler, DuplexOptions options, BayeuxOptions bayeux) throws Exception {
        connector.setPort(0);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        // Static files for browser pages: the module's directory, so a page can load node_modules/cometd.
        context.setBaseResourceAsPath(Path.of("").toAbsolutePath());
        context.addServlet(DefaultServlet.class, "/");
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        context.addEventListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                Hub chat = Duplex.mount(event.getServletContext(), "/chat", handler, options);
                DuplexBayeux.mount(event.getServletContext(), "/cometd", chat, bayeux);
                hub.set(chat);
            }
        });
        server.setHandler(context);
        server.start();
    }

    /** The Bayeux URL, e.g. {@code http://127.0.0.1:PORT/cometd}. */
    public String bayeuxUrl() {
        return origin() + "/cometd";
    }

    /** The Duplex mount's URL. */
    public String duplexUrl() {
        return origin() + "/chat";
    }

    public String origin() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return connector.getLocalPort();
    }

    public Hub hub() {
        return hub.get();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
