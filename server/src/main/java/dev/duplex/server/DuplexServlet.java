package dev.duplex.server;

import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Hub;
import dev.duplex.server.mount.Mount;
import dev.duplex.server.mount.Mounts;
import dev.duplex.server.mount.StartupChecks;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.HashSet;
import java.util.Set;

/**
 * The servlet behind a mount: handshake, long-polling and the WebSocket upgrade, all below one path.
 *
 * <p>{@link Duplex#mount} registers it for you. To mount from {@code web.xml} alone, declare it with the
 * handler's class name and any options as init-params, map it to {@code /path/*}, and enable async:
 * <pre>{@code
 * <servlet>
 *   <servlet-name>chat</servlet-name>
 *   <servlet-class>dev.duplex.server.DuplexServlet</servlet-class>
 *   <init-param><param-name>handler</param-name><param-value>com.example.ChatHandler</param-value></init-param>
 *   <init-param><param-name>heartbeatMillis</param-name><param-value>25000</param-value></init-param>
 *   <!-- optional: cluster-wide topics, with duplex-redis in WEB-INF/lib -->
 *   <init-param><param-name>cluster</param-name><param-value>redis://127.0.0.1:6379</param-value></init-param>
 *   <async-supported>true</async-supported>
 * </servlet>
 * <servlet-mapping><servlet-name>chat</servlet-name><url-pattern>/chat/*</url-pattern></servlet-mapping>
 * }</pre>
 */
public class DuplexServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** The init-param naming the {@link ChannelHandler} class. */
    public static final String HANDLER_PARAMETER = "handler";

    private transient Mount mount;

    /** For {@code web.xml}: the handler and options come from init-params, the path from the mapping. */
    public DuplexServlet() {
    }

    /** For {@link Duplex#mount}: the mount exists already. */
    DuplexServlet(Mount mount) {
        this.mount = mount;
    }

    /**
     * Starts the mount. From {@code web.xml}, it first checks the declaration and fails the deployment, with a
     * message naming this servlet and the fix, if {@code web.xml} declares it without
     * {@code <async-supported>true</async-supported>}, if an init-param is not an option (a misspelling; the
     * nearest option is suggested), or if an option does not parse. A container without WebSocket support is
     * not an error: the mount warns, naming the module to enable, and serves long-polling only.
     */
    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        if (mount == null) {
            StartupChecks.requireAsyncSupport(config);
            Set<String> known = new HashSet<>(DuplexOptions.parameterNames());
            known.add(HANDLER_PARAMETER);
            StartupChecks.requireKnownParameters(config, known);
            DuplexOptions options;
            try {
                options = DuplexOptions.fromParameters(config::getInitParameter);
            } catch (IllegalArgumentException e) {
                throw new ServletException("DuplexServlet '" + config.getServletName() + "': " + e.getMessage(), e);
            }
            String path = mappedPath(config);
            ChannelHandler handler = instantiate(config.getInitParameter(HANDLER_PARAMETER));
            try {
                mount = Mount.create(config.getServletContext(), path, handler, options);
            } catch (IllegalArgumentException e) {
                throw new ServletException(e.getMessage(), e);
            }
        }
        mount.start(config.getServletContext(), config.getServletName());
    }

    /**
     * The servlet-context attribute under which the hub mounted at {@code path} is published.
     *
     * @param path the mount path, e.g. {@code /chat}
     * @return the attribute's name
     */
    public static String hubAttribute(String path) {
        return Mounts.hubAttribute(path);
    }

    /**
     * The hub behind this servlet, once initialised.
     *
     * @return the hub, once the container has initialised this servlet
     */
    public Hub hub() {
        return mount == null ? null : mount.hub();
    }

    private static String mappedPath(ServletConfig config) throws ServletException {
        var registration = config.getServletContext().getServletRegistration(config.getServletName());
        for (String mapping : registration.getMappings()) {
            if (mapping.endsWith("/*")) {
                return mapping.substring(0, mapping.length() - 2);
            }
        }
        throw new ServletException("map " + config.getServletName() + " to a path ending in /*, e.g. /chat/*");
    }

    private static ChannelHandler instantiate(String className) throws ServletException {
        if (className == null || className.isBlank()) {
            throw new ServletException("init-param '" + HANDLER_PARAMETER + "' must name a ChannelHandler class");
        }
        try {
            Class<?> type = Class.forName(className.trim(), true, Thread.currentThread().getContextClassLoader());
            return (ChannelHandler) type.getConstructor().newInstance();
        } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException
                | InvocationTargetException | ClassCastException e) {
            throw new ServletException("cannot create ChannelHandler " + className
                    + ": it needs a public no-argument constructor", e);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        mount.service(request, response, request.getPathInfo());
    }

    @Override
    public void destroy() {
        if (mount != null) {
            mount.shutdown(getServletContext());
        }
    }
}
