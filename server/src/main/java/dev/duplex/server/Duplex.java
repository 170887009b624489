package dev.duplex.server;

import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Hub;
import dev.duplex.server.mount.Mount;
import dev.duplex.server.mount.Mounts;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Mounts handlers from code. Call from {@code ServletContextListener.contextInitialized} of a listener
 * declared in {@code web.xml} or annotated {@code @WebListener}:
 * <pre>{@code
 * public void contextInitialized(ServletContextEvent event) {
 *     Hub chat = Duplex.mount(event.getServletContext(), "/chat", new ChatHandler());
 * }
 * }</pre>
 *
 * <p>A hub mounted from {@code web.xml} ({@link DuplexServlet}) exists only once the container initialises
 * that servlet, which is after every listener's {@code contextInitialized}. A listener that needs it asks
 * {@link #whenMounted} to be called back then.
 */
public final class Duplex {
    private Duplex() {
    }

    /**
     * Mounts {@code handler} at {@code path} with default options.
     *
     * @param context the web application's servlet context
     * @param handler the application's side of every channel of this mount
     * @param path the mount path, e.g. {@code /chat}
     * @return the hub, ready to publish from any thread
     */
    public static Hub mount(ServletContext context, String path, ChannelHandler handler) {
        return mount(context, path, handler, DuplexOptions.defaults());
    }

    /**
     * Mounts {@code handler} at {@code path} (e.g. {@code /chat}): registers the mount's async servlet for
     * {@code path/*}, which serves long-polling and upgrades {@code path/ws} to WebSocket.
     *
     * <p>A single node by default. With a cluster URI in {@link DuplexOptions#cluster()}, or in the context
     * init-param {@code dev.duplex.cluster} (e.g. {@code redis://127.0.0.1:6379}, served by the optional
     * {@code duplex-redis} module on the class path), topics are cluster-wide.
     *
     * @return the hub, ready to publish from any thread
     * @throws IllegalArgumentException if {@code path} does not start with {@code /} or ends with one, or a
     *                                  cluster URI is named that no module on the class path serves
     * @throws IllegalStateException if {@code path} is already mounted
     * @param context the web application's servlet context
     * @param handler the application's side of every channel of this mount
     * @param options the mount's limits, origins and timings
     * @param path the mount path, e.g. {@code /chat}: starts with {@code /}, does not end with one
     */
    public static Hub mount(ServletContext context, String path, ChannelHandler handler, DuplexOptions options) {
        if (!path.startsWith("/") || path.endsWith("/") || path.contains("*")) {
            throw new IllegalArgumentException("mount path must look like /chat: " + path);
        }
        Mount mount = Mount.create(context, path, handler, options);
        DuplexServlet servlet = new DuplexServlet(mount);
        ServletRegistration.Dynamic registration = context.addServlet("duplex:" + path, servlet);
        if (registration == null) {
            mount.shutdown();
            throw new IllegalStateException("a servlet is already registered for " + path);
        }
        registration.setAsyncSupported(true);
        registration.setLoadOnStartup(1);
        registration.addMapping(path + "/*");
        Mounts.publish(context, mount.hub());
        return mount.hub();
    }

    /**
     * The hub mounted at {@code path} in {@code context}, if it is mounted yet: at once for {@link #mount},
     * and for a {@code web.xml} mount once the container has initialised its servlet (after every listener's
     * {@code contextInitialized}; see {@link #whenMounted}). Lets application code, e.g. a ticker feed,
     * publish to a hub it did not create.
     *
     * @param context the web application's servlet context
     * @param path the mount path, e.g. {@code /chat}
     * @return the hub, or empty if nothing is mounted at {@code path} yet
     */
    public static Optional<Hub> hub(ServletContext context, String path) {
        return Optional.ofNullable((Hub) context.getAttribute(Mounts.hubAttribute(path)));
    }

    /**
     * Runs {@code consumer} with the hub mounted at {@code path}: at once, on the calling thread, if it is
     * mounted already; otherwise when it is mounted, on the thread that mounts it (for a {@code web.xml} mount,
     * the container's thread initialising {@link DuplexServlet}, before the mount serves its first request).
     * Each consumer runs exactly once. This is how a {@code ServletContextListener} reaches a hub that
     * {@code web.xml} mounts, whichever of the two the container starts first:
     * <pre>{@code
     * public void contextInitialized(ServletContextEvent event) {
     *     Duplex.whenMounted(event.getServletContext(), "/ticker", hub -> feed.start(hub));
     * }
     * }</pre>
     * A consumer that throws is logged; it does not stop the mount or other consumers. A path that is never
     * mounted never runs its consumers.
     *
     * @param consumer what to do with the hub, e.g. start a feed that publishes to it
     * @param context the web application's servlet context
     * @param path the mount path, e.g. {@code /chat}
     */
    public static void whenMounted(ServletContext context, String path, Consumer<Hub> consumer) {
        Mounts.whenMounted(context, path, Objects.requireNonNull(consumer, "consumer"));
    }

    /**
     * Stops every mount of {@code context} gracefully, while the container still serves the application's open
     * connections (PROTOCOL.md section 5, "A node that stops"): new requests to a mount get
     * {@code 503 shutting_down} with the advice when to come back; on a cluster, sessions are handed to other
     * nodes; every parked poll is answered and every WebSocket told {@code away}, then closed with 1001. Returns
     * once done, after at most twice {@code stopGraceMillis}. Idempotent: the container's later
     * {@code destroy} finds the mounts stopped.
     *
     * <p>A container destroys servlets on its own shutdown too, which stops the mounts the same way, but some
     * close the connections first (Jetty's {@code Server.stop()} does): the clients then see their connections
     * drop instead of the advice. Call this first from whatever starts the container's shutdown, e.g. a JVM
     * shutdown hook ahead of {@code server.stop()}, as the demo launcher does.
     */
    public static void stop(ServletContext context) {
        Mounts.stopAll(context);
    }
}
