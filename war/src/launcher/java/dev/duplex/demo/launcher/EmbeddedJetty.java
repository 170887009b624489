package dev.duplex.demo.launcher;

import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Runs a WAR on Jetty 12 (ee10 servlet and Jakarta WebSocket) at the context root. Loaded by {@link Main}'s
 * class loader, which has the Jetty jars; only called through reflection.
 */
public final class EmbeddedJetty {
    private EmbeddedJetty() {
    }

    /**
     * Starts the server, prints its address, and returns once it has stopped (on Ctrl-C or SIGTERM).
     * {@code contextParameters} become the webapp's context init-parameters (the demo's Duplex options).
     *
     * @param node         if not empty, every response carries {@code X-Duplex-Node: node}, so a load-balanced
     *                     test can tell which node served a request
     * @param webappExtras comma-separated jars added to the webapp's class path (the cluster module), or empty
     * @param stopped      runs once the stop on SIGTERM or Ctrl-C is over (the launcher's logging closes then)
     */
    public static void run(Path war, String host, int port, Map<String, String> contextParameters, String node,
            String webappExtras, Runnable stopped) throws Exception {
        quietLogging();
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        // Behind a TLS-terminating proxy the app must see the browser's scheme and host, or its origin check
        // refuses the page. The launcher listens on loopback by default, so only a local proxy can set these.
        http.addCustomizer(new ForwardedRequestCustomizer());
        // The default header cache is a ~98 KB table per connection that parses a second request, which most
        // idle Duplex sessions' connections do (README, "Many idle connections on Jetty"): ~95 KB per session.
        http.setHeaderCacheSize(0);
        if (!node.isEmpty()) {
            http.addCustomizer((request, responseHeaders) -> {
                responseHeaders.put("X-Duplex-Node", node);
                return request;
            });
        }
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setWar(war.toString());
        contextParameters.forEach(webapp::setInitParameter);
        if (!webappExtras.isEmpty()) {
            webapp.setExtraClasspath(webappExtras);
        }
        // A webapp that fails to start fails the launcher, instead of serving 503s.
        webapp.setThrowUnavailableOnStartupException(true);
        JakartaWebSocketServletContainerInitializer.configure(webapp, null);
        server.setHandler(webapp);
        // On SIGTERM or Ctrl-C: Duplex's mounts stop first, while the connectors still serve their polls and
        // WebSockets, so every client is told to come back (PROTOCOL.md section 5.1); Jetty's own stop closes
        // the connections before it stops the webapp. Then the server stops, and contextDestroyed runs.
        // What the stop logs is printed: the launcher's log manager holds its reset until the stop is over.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop(server, webapp);
            } finally {
                stopped.run();
            }
        }, "duplex-demo-stop"));

        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        String shown = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        if (shown.contains(":")) {
            shown = "[" + shown + "]";
        }
        System.out.println("Duplex demo running at http://" + shown + ":" + connector.getLocalPort() + "/");
        System.out.flush();
        server.join();
    }

    private static void stop(Server server, WebAppContext webapp) {
        try {
            // The webapp's own copy of Duplex, found through its class loader; the launcher cannot link to it.
            Class<?> duplex = Class.forName("dev.duplex.server.Duplex", true, webapp.getClassLoader());
            duplex.getMethod("stop", jakarta.servlet.ServletContext.class).invoke(null, webapp.getServletContext());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            System.err.println("Duplex graceful stop failed, stopping anyway: " + e);
        }
        try {
            server.stop();
        } catch (Exception e) {
            System.err.println("stopping Jetty failed: " + e);
        }
    }

    /** slf4j-simple: Jetty's own chatter only from warnings up, unless set on the command line. */
    private static void quietLogging() {
        setDefault("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
