package dev.duplex.server.mount;

import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Hub;
import dev.duplex.server.http.Responses;
import dev.duplex.server.hub.DefaultHub;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.session.Session;
import dev.duplex.server.session.SessionHandoff;
import dev.duplex.server.websocket.WebSocketUpgrade;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * One mount, wired: the hub with its sessions, and the router that serves the mount's paths through both
 * transports. The only place that puts the core and the adapters together; the public entry points
 * ({@code Duplex} and {@code DuplexServlet}) hold one and delegate to it.
 */
public final class Mount {
    private static final System.Logger LOG = System.getLogger("dev.duplex.server.DuplexServlet");

    private final DefaultHub hub;
    private volatile Router router;
    private volatile String servletName;
    private volatile boolean asyncWarned;

    private Mount(DefaultHub hub) {
        this.hub = hub;
    }

    /** A mount of {@code handler} at {@code path}: its hub runs at once, its router once {@link #start}ed. */
    public static Mount create(String path, ChannelHandler handler, DuplexOptions options) {
        return create(null, path, handler, options);
    }

    /**
     * A mount in {@code context} (may be null): like {@link #create(String, ChannelHandler, DuplexOptions)}, its
     * topics carried by the cluster that {@code options.cluster()} or the context init-param
     * {@code dev.duplex.cluster} names, if any.
     *
     * @throws IllegalArgumentException if a cluster URI is named that no module on the class path serves
     */
    public static Mount create(ServletContext context, String path, ChannelHandler handler, DuplexOptions options) {
        return new Mount(ClusterBrokers.hub(context, path, handler, options));
    }

    /** The mount's hub. */
    public Hub hub() {
        return hub;
    }

    /**
     * Starts serving in {@code context}, offering WebSocket if the container supports it (else warning, naming
     * the servlet {@code servletName} and the module to enable), and publishes the hub to
     * {@link Mounts#whenMounted} callers.
     */
    public void start(ServletContext context, String servletName) {
        WebSocketUpgrade webSocket = WebSocketUpgrade.of(context, context.getContextPath() + hub.path() + "/ws");
        if (webSocket == null && hub.options().webSocketEnabled()) {
            StartupChecks.warnNoWebSocket(servletName, hub.path());
        }
        this.servletName = servletName;
        router = new Router(hub, webSocket);
        if (hub.cluster() != null) {
            hub.cluster().start(hub.clusterLocal(router::serve));
        }
        Mounts.publish(context, hub);
    }

    /** Serves one request; {@code route} is the path below the mount, e.g. {@code /poll}. */
    public void service(HttpServletRequest request, HttpServletResponse response, String route)
            throws IOException, ServletException {
        if (!request.isAsyncSupported()) {
            // Declared without async somewhere the startup check could not see (annotations, code, a fragment).
            String message = StartupChecks.asyncMissing(servletName, hub.path());
            if (!asyncWarned) {
                asyncWarned = true;
                LOG.log(System.Logger.Level.ERROR, message);
            }
            Responses.error(response, ErrorCode.INTERNAL_ERROR, message);
            return;
        }
        router.service(request, response, route);
    }

    /**
     * What a stopping node does with its sessions before it answers their transports (STOP-CONTRACT): in a
     * cluster, hands them off; on a single node, nothing. The stop sequence calls
     * {@code sessionHandoff().handOff(sessions())}.
     */
    public SessionHandoff sessionHandoff() {
        return hub.sessionHandoff();
    }

    /** The open sessions of this node. */
    public List<Session> sessions() {
        return hub.sessions();
    }

    /** Closes every session and stops the hub's threads. */
    public void shutdown() {
        hub.shutdown();
    }

    /** Unpublishes the hub from {@code context}, then {@link #shutdown()}s: a stopped mount is not found. */
    public void shutdown(ServletContext context) {
        Mounts.unpublish(context, hub);
        shutdown();
    }
}
