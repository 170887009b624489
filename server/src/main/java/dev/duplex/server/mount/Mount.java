package dev.duplex.server.mount;

import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Hub;
import dev.duplex.server.http.Responses;
import dev.duplex.server.hub.DefaultHub;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.websocket.WebSocketUpgrade;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import javax.management.ObjectName;

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
    /** Whether the cluster, if any, serves this node's sessions to the other nodes yet (once per mount). */
    private boolean clusterStarted;
    private volatile ObjectName mbean;

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
        if (hub.cluster() != null && !clusterStarted) {
            clusterStarted = true;
            hub.cluster().start(hub.clusterLocal(router::serve));
        }
        if (mbean == null) {
            mbean = HubMBean.register(context.getContextPath() + hub.path(), hub.metrics());
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
     * Stops gracefully, then stops the hub's threads: new requests are refused with {@code 503 shutting_down},
     * a cluster's hand-off takes what it can, and every client is told {@code away}, to come back later
     * (PROTOCOL.md section 5). Takes at most twice {@code stopGraceMillis}.
     */
    public void shutdown() {
        HubMBean.unregister(mbean, hub.metrics());
        mbean = null;
        hub.stop();
    }

    /** Unpublishes the hub from {@code context}, then {@link #shutdown()}s: a stopped mount is not found. */
    public void shutdown(ServletContext context) {
        Mounts.unpublish(context, hub);
        shutdown();
    }
}
