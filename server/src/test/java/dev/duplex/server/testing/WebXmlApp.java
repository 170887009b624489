package dev.duplex.server.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EventListener;
import org.eclipse.jetty.ee10.webapp.Configuration;
import org.eclipse.jetty.ee10.webapp.FragmentConfiguration;
import org.eclipse.jetty.ee10.webapp.JettyWebXmlConfiguration;
import org.eclipse.jetty.ee10.webapp.MetaInfConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.ee10.webapp.WebInfConfiguration;
import org.eclipse.jetty.ee10.webapp.WebXmlConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A web application deployed on a real embedded Jetty from a real {@code WEB-INF/web.xml}, which the container
 * parses itself: what a legacy application's WAR gives Duplex. Startup failures are thrown from {@link #start}.
 */
public final class WebXmlApp implements AutoCloseable {
    public static final String CONTEXT = "/legacy";

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final WebAppContext context = new WebAppContext();

    /**
     * An application whose web.xml declares {@code servlets} (servlet and mapping elements, verbatim), with
     * the container's WebSocket support or without it.
     */
    public WebXmlApp(String servlets, boolean webSocket) throws Exception {
        Path root = Files.createTempDirectory("duplex-webapp");
        Files.createDirectories(root.resolve("WEB-INF"));
        Files.writeString(root.resolve("WEB-INF/web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                %s
                </web-app>
                """.formatted(servlets));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        context.setContextPath(CONTEXT);
        context.setWar(root.toString());
        context.setParentLoaderPriority(true);
        // A failing servlet fails the deployment here, as it does in a Jetty distribution (where it is logged).
        context.setThrowUnavailableOnStartupException(true);
        // Jetty discovers its Jakarta WebSocket configuration on the classpath, as a distribution with the
        // ee10-websocket-jakarta module has it; without it (a distribution lacking the module) only web.xml.
        if (!webSocket) {
            context.setConfigurations(new Configuration[] {new WebInfConfiguration(), new WebXmlConfiguration(),
                new MetaInfConfiguration(), new FragmentConfiguration(), new WebAppConfiguration(),
                new JettyWebXmlConfiguration()});
        }
        server.setHandler(context);
    }

    /** A {@code <servlet>} for DuplexServlet named {@code name}, with init-params as name/value pairs. */
    public static String duplexServlet(String name, String path, boolean async, String... params) {
        StringBuilder xml = new StringBuilder("<servlet><servlet-name>").append(name)
                .append("</servlet-name><servlet-class>dev.duplex.server.DuplexServlet</servlet-class>");
        for (int i = 0; i < params.length; i += 2) {
            xml.append("<init-param><param-name>").append(params[i]).append("</param-name><param-value>")
                    .append(params[i + 1]).append("</param-value></init-param>");
        }
        xml.append("<load-on-startup>1</load-on-startup>");
        if (async) {
            xml.append("<async-supported>true</async-supported>");
        }
        return xml.append("</servlet><servlet-mapping><servlet-name>").append(name)
                .append("</servlet-name><url-pattern>").append(path).append("/*</url-pattern></servlet-mapping>")
                .toString();
    }

    /** Adds a listener, as a {@code <listener>} element would. */
    public WebXmlApp listener(EventListener listener) {
        context.addEventListener(listener);
        return this;
    }

    public WebXmlApp start() throws Exception {
        server.start();
        return this;
    }

    /** The servlet context, once started. */
    public jakarta.servlet.ServletContext servletContext() {
        return context.getServletContext();
    }

    /** {@code http://127.0.0.1:PORT/legacy} + {@code path}. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + CONTEXT + path);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
