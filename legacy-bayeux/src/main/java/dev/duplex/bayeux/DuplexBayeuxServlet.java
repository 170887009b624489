package dev.duplex.bayeux;

import dev.duplex.bayeux.engine.BayeuxEngine;
import dev.duplex.bayeux.servlet.BayeuxServlet;
import dev.duplex.bayeux.websocket.WebSocketUpgrade;
import dev.duplex.server.Duplex;
import dev.duplex.server.api.Hub;
import dev.duplex.server.hub.DefaultHub;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The front door mounted from {@code web.xml} alone, for applications that cannot add a listener. It serves
 * the hub that a {@code DuplexServlet} with a lower {@code load-on-startup} mounted:
 * <pre>{@code
 * <servlet>
 *   <servlet-name>cometd</servlet-name>
 *   <servlet-class>dev.duplex.bayeux.DuplexBayeuxServlet</servlet-class>
 *   <init-param><param-name>hub</param-name><param-value>/chat</param-value></init-param>
 *   <load-on-startup>2</load-on-startup>
 *   <async-supported>true</async-supported>
 * </servlet>
 * <servlet-mapping>
 *   <servlet-name>cometd</servlet-name>
 *   <url-pattern>/cometd</url-pattern>
 *   <url-pattern>/cometd/*</url-pattern>
 * </servlet-mapping>
 * }</pre>
 * Optional init-params: {@code timeoutMillis}, {@code maxIntervalMillis}, {@code maxBatch},
 * {@code browserBinding} ({@link BayeuxOptions}).
 */
public class DuplexBayeuxServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** The init-param naming the Duplex mount whose hub this front door serves, e.g. {@code /chat}. */
    public static final String HUB_PARAMETER = "hub";

    private transient BayeuxServlet delegate;

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        String hubPath = config.getInitParameter(HUB_PARAMETER);
        if (hubPath == null || hubPath.isBlank()) {
            throw new ServletException("init-param '" + HUB_PARAMETER + "' must name a Duplex mount, e.g. /chat");
        }
        Hub hub = Duplex.hub(config.getServletContext(), hubPath.trim()).orElseThrow(() -> new ServletException(
                "no Duplex hub at " + hubPath + ": mount it with a lower load-on-startup than " + getServletName()));
        if (!(hub instanceof DefaultHub defaultHub)) {
            throw new ServletException("the hub at " + hubPath + " was not mounted by Duplex");
        }
        BayeuxOptions options;
        try {
            options = options(config);
        } catch (IllegalArgumentException e) {
            throw new ServletException(e.getMessage(), e);
        }
        String path = mappedPath(config);
        delegate = new BayeuxServlet(new BayeuxEngine(defaultHub, options),
                WebSocketUpgrade.of(config.getServletContext(), config.getServletContext().getContextPath() + path));
    }

    private static BayeuxOptions options(ServletConfig config) {
        BayeuxOptions options = BayeuxOptions.defaults();
        String timeout = config.getInitParameter("timeoutMillis");
        String maxInterval = config.getInitParameter("maxIntervalMillis");
        String maxBatch = config.getInitParameter("maxBatch");
        if (timeout != null) {
            options = options.withTimeoutMillis(Long.parseLong(timeout.trim()));
        }
        if (maxInterval != null) {
            options = options.withMaxIntervalMillis(Long.parseLong(maxInterval.trim()));
        }
        if (maxBatch != null) {
            options = options.withMaxBatch(Integer.parseInt(maxBatch.trim()));
        }
        String browserBinding = config.getInitParameter("browserBinding");
        if (browserBinding != null) {
            options = options.withBrowserBinding(Boolean.parseBoolean(browserBinding.trim()));
        }
        return options;
    }

    private static String mappedPath(ServletConfig config) throws ServletException {
        for (String mapping : config.getServletContext().getServletRegistration(config.getServletName())
                .getMappings()) {
            if (!mapping.contains("*") && mapping.startsWith("/")) {
                return mapping;
            }
        }
        throw new ServletException("map " + config.getServletName() + " to its path, e.g. /cometd and /cometd/*");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        delegate.serve(request, response);
    }
}
