package dev.duplex.server;

import dev.duplex.server.hub.DefaultHub;
import dev.duplex.server.topic.Broker;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.Optional;

/**
 * Mounts handlers from code. Call from {@code ServletContextListener.contextInitialized} of a listener
 * declared in {@code web.xml} or annotated {@code @WebListener}:
 * <pre>{@code
 * public void contextInitialized(ServletContextEvent event) {
 *     Hub chat = Duplex.mount(event.getServletContext(), "/chat", new ChatHandler());
 * }
 * }</pre>
 */
public final class Duplex {
    private Duplex() {
    }

    /** Mounts {@code handler} at {@code path} with default options. */
    public static Hub mount(ServletContext context, String path, ChannelHandler handler) {
        return mount(context, path, handler, DuplexOptions.defaults());
    }

    /**
     * Mounts {@code handler} at {@code path} (e.g. {@code /chat}): registers the mount's async servlet for
     * {@code path/*}, which serves long-polling and upgrades {@code path/ws} to WebSocket.
     *
     * <p>A single node by default. With the context init-param {@code dev.duplex.cluster} set to a cluster URI
     * (e.g. {@code redis://127.0.0.1:6379}, served by the optional {@code duplex-redis} module), topics are
     * cluster-wide.
     *
     * @return the hub, ready to publish from any thread
     * @throws IllegalArgumentException if {@code path} does not start with {@code /} or ends with one, or a
     *                                  configured cluster URI is served by no module on the class path
     * @throws IllegalStateException if {@code path} is already mounted
     */
    public static Hub mount(ServletContext context, String path, ChannelHandler handler, DuplexOptions options) {
        checkPath(path);
        return mount(context, path, handler, options, ClusterBrokers.forMount(context, null, path));
    }

    /**
     * Mounts {@code handler} at {@code path} with {@code broker} carrying its topics between nodes, e.g. a
     * {@code dev.duplex.redis.RedisBroker}. The hub owns the broker from now on and closes it on shutdown.
     *
     * @see #mount(ServletContext, String, ChannelHandler, DuplexOptions)
     */
    public static Hub mount(ServletContext context, String path, ChannelHandler handler, DuplexOptions options,
            Broker broker) {
        checkPath(path);
        DefaultHub hub = new DefaultHub(path, handler, options, broker);
        DuplexServlet servlet = new DuplexServlet(hub);
        ServletRegistration.Dynamic registration = context.addServlet("duplex:" + path, servlet);
        if (registration == null) {
            hub.shutdown();
            throw new IllegalStateException("a servlet is already registered for " + path);
        }
        registration.setAsyncSupported(true);
        registration.setLoadOnStartup(1);
        registration.addMapping(path + "/*");
        return hub;
    }

    private static void checkPath(String path) {
        if (!path.startsWith("/") || path.endsWith("/") || path.contains("*")) {
            throw new IllegalArgumentException("mount path must look like /chat: " + path);
        }
    }

    /**
     * The hub mounted at {@code path} in {@code context}, however it was mounted (code or {@code web.xml}),
     * once the container has initialised it. Lets application code, e.g. a ticker feed, publish to a hub it
     * did not create.
     */
    public static Optional<Hub> hub(ServletContext context, String path) {
        return Optional.ofNullable((Hub) context.getAttribute(DuplexServlet.hubAttribute(path)));
    }
}
