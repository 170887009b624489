package dev.duplex.bayeux.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.bayeux.DuplexBayeuxServlet;
import dev.duplex.bayeux.testing.ChatHandler;
import dev.duplex.server.DuplexServlet;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.ServletMapping;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * The {@code web.xml} mount: a {@code DuplexServlet} and a {@link DuplexBayeuxServlet} declared as servlets
 * with init-params only (here through Jetty's API, which is what a {@code web.xml} becomes), no code.
 */
class WebXmlMountTest {

    @Test
    void aBayeuxClientReachesAHubMountedByServletDeclarationsAlone() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        ServletHolder duplex = new ServletHolder("chat", DuplexServlet.class);
        duplex.setInitParameter(DuplexServlet.HANDLER_PARAMETER, ChatHandler.class.getName());
        duplex.setInitOrder(1);
        duplex.setAsyncSupported(true);
        context.addServlet(duplex, "/chat/*");
        ServletHolder bayeux = new ServletHolder("cometd", DuplexBayeuxServlet.class);
        bayeux.setInitParameter(DuplexBayeuxServlet.HUB_PARAMETER, "/chat");
        bayeux.setInitParameter("maxBatch", "10");
        bayeux.setInitOrder(2);
        bayeux.setAsyncSupported(true);
        context.getServletHandler().addServlet(bayeux);
        ServletMapping mapping = new ServletMapping();
        mapping.setServletName("cometd");
        mapping.setPathSpecs(new String[] {"/cometd", "/cometd/*"});
        context.getServletHandler().addServletMapping(mapping);
        server.setHandler(context);
        server.start();
        HttpClient http = new HttpClient();
        http.start();
        BayeuxClient client = new BayeuxClient("http://127.0.0.1:" + connector.getLocalPort() + "/cometd",
                new JettyHttpClientTransport(null, http));
        try {
            client.handshake();
            assertTrue(client.waitFor(5000, BayeuxClient.State.CONNECTED), "connected");
            BlockingQueue<Object> received = new LinkedBlockingQueue<>();
            BlockingQueue<Boolean> subscribed = new LinkedBlockingQueue<>();
            client.getChannel("/chat/lobby").subscribe((channel, message) -> received.add(message.getData()),
                    reply -> subscribed.add(reply.isSuccessful()));
            assertEquals(Boolean.TRUE, subscribed.poll(5, TimeUnit.SECONDS));
            client.getChannel("/chat/lobby").publish(Map.of("text", "from web.xml"));
            assertEquals(Map.of("text", "from web.xml"), received.poll(5, TimeUnit.SECONDS));
        } finally {
            client.disconnect(1000);
            http.stop();
            server.stop();
        }
    }
}
