package dev.duplex.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.DuplexServlet;
import dev.duplex.server.api.Handshake;
import dev.duplex.server.api.Message;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** Both ways of mounting, and authorization re-checked whenever a transport attaches. */
class MountingTest {

    /** A handler a legacy {@code web.xml} can name: public, no-argument constructor. */
    public static final class UpperCaseHandler implements ChannelHandler {
        @Override
        public void onMessage(Channel channel, Message message) {
            channel.send(message.text().toUpperCase(java.util.Locale.ROOT));
        }
    }

    @Test
    void aServletDeclaredWithInitParamsAloneMountsAHandler() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/legacy-app");
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        // Exactly what a web.xml <servlet> element declares: class, init-params, async, mapping.
        ServletHolder holder = new ServletHolder("upper", DuplexServlet.class);
        holder.setInitParameter(DuplexServlet.HANDLER_PARAMETER, UpperCaseHandler.class.getName());
        holder.setInitParameter("heartbeatMillis", "15000");
        holder.setAsyncSupported(true);
        holder.setInitOrder(1);
        context.addServlet(holder, "/upper/*");
        server.setHandler(context);
        server.start();
        try (WireClient client = new WireClient(URI.create("http://127.0.0.1:" + connector.getLocalPort()
                + "/legacy-app/upper"), null)) {
            assertEquals(15000, client.handshake().get("hb").getAsInt());
            client.startWebSocket();
            client.send("\"shout\"");
            assertEquals("\"SHOUT\"", ((Frame.Msg) client.next(10)).d());
        } finally {
            server.stop();
        }
    }

    @Test
    void aRevokedUserCannotResume() throws Exception {
        AtomicBoolean allowed = new AtomicBoolean(true);
        ChannelHandler handler = new ChannelHandler() {
            @Override
            public boolean authorize(Handshake handshake) {
                return allowed.get();
            }

            @Override
            public void onMessage(Channel channel, Message message) {
                channel.send(message);
            }
        };
        try (TestServer server = new TestServer(handler, DuplexOptions.defaults());
                WireClient client = new WireClient(server.mountUri(), server.origin())) {
            client.handshake();
            client.startWebSocket();
            client.send("1");
            client.next(10);
            allowed.set(false);
            client.abortWebSocket();
            HttpResponse<String> poll = client.request("/poll", "GET", null, Map.of("X-Duplex-Ack", "1"));
            assertEquals(403, poll.statusCode());
            assertTrue(poll.body().contains("\"forbidden\""));
            WireClient again = new WireClient(server.mountUri(), server.origin());
            assertEquals(403, again.request("/handshake", "POST", "", Map.of()).statusCode());
        }
    }
}
