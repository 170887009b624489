package dev.duplex.server.mount;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The mistakes a {@code web.xml} mount can make, caught when the container starts it rather than on every
 * request: no async support, a misspelled option, no WebSocket container. Each message names the servlet and
 * the fix.
 */
public final class StartupChecks {
    private static final System.Logger LOG = System.getLogger("dev.duplex.server.DuplexServlet");
    private static final String ASYNC_ELEMENT = "<async-supported>true</async-supported>";

    private StartupChecks() {
    }

    /**
     * Fails if {@code /WEB-INF/web.xml} declares this servlet without async support. The Servlet API cannot
     * tell a servlet whether it is async until a request arrives, so the descriptor is read instead; a servlet
     * declared elsewhere (annotations, a fragment, code) is left to {@link #asyncMissing(String, String)}.
     */
    public static void requireAsyncSupport(ServletConfig config) throws ServletException {
        Optional<Boolean> declared = declaredAsync(config.getServletContext(), config.getServletName());
        if (declared.isPresent() && !declared.get()) {
            throw failure(asyncMissing(config.getServletName(), null));
        }
    }

    /** The message for a servlet without async support; {@code path} may be null before the mapping is known. */
    public static String asyncMissing(String servletName, String path) {
        return "DuplexServlet '" + servletName + "'" + (path == null ? "" : " (mount " + path + ")")
                + " has no async support, so it cannot park polls or upgrade to WebSocket: add "
                + ASYNC_ELEMENT + " to its <servlet> element in web.xml";
    }

    private static Optional<Boolean> declaredAsync(ServletContext context, String servletName)
            throws ServletException {
        try (InputStream in = context.getResourceAsStream("/WEB-INF/web.xml")) {
            if (in == null) {
                return Optional.empty();
            }
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // Old descriptors name a DTD; it is never fetched.
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setExpandEntityReferences(false);
            NodeList servlets = factory.newDocumentBuilder().parse(in).getElementsByTagNameNS("*", "servlet");
            for (int i = 0; i < servlets.getLength(); i++) {
                Element servlet = (Element) servlets.item(i);
                if (servletName.equals(childText(servlet, "servlet-name"))) {
                    return Optional.of("true".equals(childText(servlet, "async-supported")));
                }
            }
            return Optional.empty();
        } catch (IOException | ParserConfigurationException | SAXException e) {
            // The container parsed this descriptor already; if we cannot, we judge nothing.
            LOG.log(Level.DEBUG, "could not read WEB-INF/web.xml to check async support", e);
            return Optional.empty();
        }
    }

    private static String childText(Element parent, String name) {
        NodeList children = parent.getElementsByTagNameNS("*", name);
        return children.getLength() == 0 ? null : children.item(0).getTextContent().trim();
    }

    /** Fails on an init-param that is not an option, suggesting the nearest option's name. */
    public static void requireKnownParameters(ServletConfig config, Set<String> known) throws ServletException {
        for (String name : Collections.list(config.getInitParameterNames())) {
            if (!known.contains(name)) {
                String nearest = known.stream().min(Comparator.comparingInt(k -> distance(k, name))).orElseThrow();
                boolean close = distance(nearest, name) <= Math.max(2, name.length() / 3);
                throw failure("DuplexServlet '" + config.getServletName() + "' has an unknown init-param '" + name
                        + "'" + (close ? "; did you mean '" + nearest + "'?" : "")
                        + " Known init-params: " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    /** The edit distance between two names, ignoring case (a wrong case is a typo too). */
    static int distance(String a, String b) {
        String x = a.toLowerCase(java.util.Locale.ROOT);
        String y = b.toLowerCase(java.util.Locale.ROOT);
        int[] previous = new int[y.length() + 1];
        int[] current = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int substitute = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[y.length()];
    }

    /** Warns that the mount serves long-polling only, and says which module gives it WebSocket. */
    public static void warnNoWebSocket(String servletName, String path) {
        LOG.log(Level.WARNING, "DuplexServlet '" + servletName + "' (mount " + path + "): the container offers no"
                + " WebSocket (no jakarta.websocket.server.ServerContainer attribute in the servlet context), so"
                + " this mount serves long-polling only. Jetty 12: enable the module ee10-websocket-jakarta"
                + " (java -jar $JETTY_HOME/start.jar --add-modules=ee10-websocket-jakarta); embedded Jetty:"
                + " JakartaWebSocketServletContainerInitializer.configure(context, null). Tomcat has it built in."
                + " Set webSocketEnabled=false to silence this warning.");
    }

    private static ServletException failure(String message) {
        LOG.log(Level.ERROR, message);
        return new ServletException(message);
    }
}
