package dev.duplex.demo;

import dev.duplex.server.Duplex;
import dev.duplex.server.api.DuplexOptions;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * Mounts {@code /echo} and {@code /chat} from code, the way new applications should. Declared in
 * {@code web.xml}; {@code /ticker} is mounted there too, from XML alone (see {@link TickerHandler}).
 */
public final class DemoApp implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Duplex.mount(context, "/echo", new EchoHandler());
        // Options are optional; chat shows two: small messages, and a handful of rooms per visitor.
        DuplexOptions chatOptions = DuplexOptions.builder()
                .maxMessageChars(4_096)
                .maxSubscriptions(ChatHandler.MAX_ROOMS_PER_VISITOR)
                .build();
        Duplex.mount(context, "/chat", new ChatHandler(), chatOptions);
    }
}
