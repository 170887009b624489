package dev.duplex.bayeux;

import dev.duplex.bayeux.engine.BayeuxEngine;
import dev.duplex.bayeux.servlet.BayeuxServlet;
import dev.duplex.bayeux.websocket.WebSocketUpgrade;
import dev.duplex.server.api.Hub;
import dev.duplex.server.hub.DefaultHub;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;

/**
 * Mounts a Bayeux front door beside a Duplex hub, so unmodified CometD clients ({@code cometd.js},
 * {@code BayeuxClient}, faye) reach the hub's handler and topics:
 * <pre>{@code
 * Hub chat = Duplex.mount(context, "/chat", new ChatHandler());
 * DuplexBayeux.mount(context, "/cometd", chat);      // new CometD("…/cometd") now joins the chat
 * }</pre>
 * Each Bayeux client becomes one channel of the hub: the handler's {@code onOpen}, {@code onClose},
 * {@code authorize*} and {@code onMessage} see it like any {@code duplex.js} client. The Bayeux channel
 * {@code /chat/lobby} is the topic {@code chat/lobby}; a message to {@code /service/x} reaches
 * {@code onMessage} as a {@link BayeuxCall}.
 */
public final class DuplexBayeux {
    private DuplexBayeux() {
    }

    /**
     * Mounts the front door at {@code path} with default options.
     *
     * @param context the web application's servlet context
     * @param hub the Duplex hub whose channels and topics Bayeux clients share
     * @param path the front door's path, e.g. {@code /cometd}
     */
    public static void mount(ServletContext context, String path, Hub hub) {
        mount(context, path, hub, BayeuxOptions.defaults());
    }

    /**
     * Mounts the front door at {@code path} (e.g. {@code /cometd}): long-polling at {@code path} and below it
     * ({@code cometd.js} appends {@code /handshake}, {@code /connect}…), and the WebSocket at {@code path}.
     *
     * @throws IllegalArgumentException if {@code path} does not look like {@code /cometd}, or {@code hub}
     *                                  was not made by {@code Duplex.mount} or {@code DuplexServlet}
     * @throws IllegalStateException    if a servlet is already registered under the name for {@code path}
     * @param context the web application's servlet context
     * @param hub the Duplex hub whose channels and topics Bayeux clients share
     * @param options the front door's own settings
     * @param path the front door's path, e.g. {@code /cometd}
     */
    public static void mount(ServletContext context, String path, Hub hub, BayeuxOptions options) {
        if (!path.startsWith("/") || path.endsWith("/") || path.contains("*")) {
            throw new IllegalArgumentException("mount path must look like /cometd: " + path);
        }
        if (!(hub instanceof DefaultHub defaultHub)) {
            throw new IllegalArgumentException("the hub must come from Duplex.mount or DuplexServlet");
        }
        BayeuxEngine engine = new BayeuxEngine(defaultHub, options);
        WebSocketUpgrade webSocket = WebSocketUpgrade.of(context, context.getContextPath() + path);
        ServletRegistration.Dynamic registration = context.addServlet("duplex-bayeux:" + path,
                new BayeuxServlet(engine, webSocket));
        if (registration == null) {
            throw new IllegalStateException("a servlet is already registered for " + path);
        }
        registration.setAsyncSupported(true);
        registration.setLoadOnStartup(1);
        registration.addMapping(path, path + "/*");
    }
}
