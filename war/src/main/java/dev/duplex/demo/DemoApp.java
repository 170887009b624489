package dev.duplex.demo;

import dev.duplex.bayeux.BayeuxOptions;
import dev.duplex.bayeux.DuplexBayeux;
import dev.duplex.server.Duplex;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Hub;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mounts {@code /echo} and {@code /chat} from code, the way new applications should, and the Bayeux front door
 * at {@code /cometd} on the chat's hub, so CometD pages ({@code /legacy/}) and clients join the same rooms. Declared in
 * {@code web.xml}; {@code /ticker} is mounted there too, from XML alone (see {@link TickerHandler}).
 *
 * <p>Duplex options for every mount may come from context init-parameters named {@code duplex.<option>}
 * (for example {@code duplex.allowedOrigins}): the standalone launcher sets them from its command line
 * ({@code java -jar duplex-demo.war --allowed-origins=https://example.com}), and any container can too.
 */
public final class DemoApp implements ServletContextListener {
    /** The prefix of the context init-parameters that carry Duplex options. */
    public static final String PREFIX = "duplex.";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Map<String, String> given = given(context);
        Duplex.mount(context, "/echo", new EchoHandler(), DuplexOptions.fromParameters(given::get));
        // Chat's own defaults, unless the deployment says otherwise: small messages, a few rooms per visitor.
        Map<String, String> chat = new HashMap<>(Map.of("maxMessageChars", "4096",
                "maxSubscriptions", Integer.toString(ChatHandler.MAX_ROOMS_PER_VISITOR)));
        chat.putAll(given);
        Hub chatHub = Duplex.mount(context, "/chat", new ChatHandler(), DuplexOptions.fromParameters(chat::get));
        // CometD clients publish their lines to /chat/<room>; the handler stamps and publishes them.
        DuplexBayeux.mount(context, "/cometd", chatHub, BayeuxOptions.defaults().withHandledChannels("/chat/*"));
        // The XML-mounted ticker reads init-params; its own web.xml values win (setInitParameter keeps them).
        ServletRegistration ticker = context.getServletRegistration("ticker");
        if (ticker != null) {
            given.forEach(ticker::setInitParameter);
        }
    }

    private static Map<String, String> given(ServletContext context) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String name : Collections.list(context.getInitParameterNames())) {
            if (name.startsWith(PREFIX)) {
                options.put(name.substring(PREFIX.length()), context.getInitParameter(name));
            }
        }
        return options;
    }
}
