package dev.duplex.bench;

import dev.duplex.bayeux.DuplexBayeux;
import dev.duplex.server.Duplex;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Hub;
import dev.duplex.server.api.Message;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.cometd.bayeux.Promise;
import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.bayeux.server.ServerChannel;
import org.cometd.server.BayeuxServerImpl;
import org.cometd.server.http.JSONHttpTransport;
import org.cometd.server.http.jakarta.CometDServlet;
import org.cometd.server.websocket.jetty.JettyWebSocketTransport;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Context;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The Bayeux servers of the benchmark, installed into {@link BenchServer}'s context (same connector, same
 * {@code /ctl}), both at {@code /cometd} and publishing to the Bayeux channel {@code /bench}:
 * <ul>
 *   <li>{@code cometd}: a CometD 9.0.0 server as its documentation sets it up: {@code CometDServlet}
 *       (async-supported) over a {@code BayeuxServerImpl} with CometD's default options (timeout 30 s,
 *       interval 0, maxInterval 10 s, Jetty's JSON), the long-polling transport and the Jetty-native WebSocket
 *       transport; the publisher publishes on the server channel, as a server-side service does.</li>
 *   <li>{@code bayeux}: Duplex ({@code Duplex.mount} at {@code /d}, the bench options) with its Bayeux front
 *       door mounted as the demo does, {@code DuplexBayeux.mount(context, "/cometd", hub)}, default
 *       {@code BayeuxOptions}; the publisher publishes on the hub's topic {@code bench}.</li>
 * </ul>
 */
final class PeerServers {
    static final String BAYEUX_CHANNEL = "/bench";

    private PeerServers() {
    }

    static void cometd(Server server, ServletContextHandler context, AtomicReference<Consumer<String>> publisher,
            AtomicReference<IntSupplier> sessions) {
        // The WebSocket transport maps itself into Jetty's core WebSocket container of this context.
        context.insertHandler(WebSocketUpgradeHandler.from(server, context));
        BayeuxServerImpl bayeux = new BayeuxServerImpl();
        context.addEventListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                bayeux.setOption(Context.class.getName(), context.getContext());
                bayeux.setOption(jakarta.servlet.ServletContext.class.getName(), event.getServletContext());
                bayeux.setOption("ws.cometdURLMapping", "/cometd/*");
                bayeux.setTransports(new JettyWebSocketTransport(bayeux), new JSONHttpTransport(bayeux));
                try {
                    bayeux.start();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                event.getServletContext().setAttribute(BayeuxServer.ATTRIBUTE, bayeux);
                ServerChannel channel = bayeux.createChannelIfAbsent(BAYEUX_CHANNEL).getReference();
                publisher.set(payload -> channel.publish(null, payload, Promise.noop()));
                sessions.set(() -> bayeux.getSessions().size());
            }
        });
        ServletHolder cometd = new ServletHolder(CometDServlet.class);
        cometd.setAsyncSupported(true);
        cometd.setInitOrder(1);
        context.addServlet(cometd, "/cometd/*");
    }

    static void duplexBayeux(ServletContextHandler context, DuplexOptions options,
            AtomicReference<Consumer<String>> publisher, AtomicReference<IntSupplier> sessions) {
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        context.addEventListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                Hub hub = Duplex.mount(event.getServletContext(), "/d", new BenchServer.BenchHandler(false),
                        options);
                DuplexBayeux.mount(event.getServletContext(), "/cometd", hub);
                publisher.set(payload -> hub.publish(BenchServer.TOPIC, Message.text(payload)));
                sessions.set(hub::channelCount);
            }
        });
    }
}
