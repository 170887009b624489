package dev.duplex.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.DuplexServlet;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.testing.LogCapture;
import dev.duplex.server.testing.WebXmlApp;
import dev.duplex.server.testing.WireClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.logging.Level;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** A web.xml mount's mistakes fail the deployment with the fix, or warn, when the container starts it. */
class StartupChecksTest {
    private static final String HANDLER = MountingTest.UpperCaseHandler.class.getName();

    private static String failureOf(String servlets) throws Exception {
        WebXmlApp app = new WebXmlApp(servlets, true);
        try {
            Exception failure = assertThrows(Exception.class, app::start, "the deployment must fail");
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            return trace.toString();
        } finally {
            app.close();
        }
    }

    @Test
    void aWebXmlMountWithoutAsyncSupportFailsTheDeploymentNamingTheServletAndTheFix() throws Exception {
        String failure = failureOf(WebXmlApp.duplexServlet("ticker", "/ticker", false, "handler", HANDLER));
        assertTrue(failure.contains("DuplexServlet 'ticker'"), failure);
        assertTrue(failure.contains("<async-supported>true</async-supported>"), failure);
    }

    @Test
    void aMisspelledInitParamFailsTheDeploymentSuggestingTheOption() throws Exception {
        String failure = failureOf(WebXmlApp.duplexServlet("chat", "/chat", true, "handler", HANDLER,
                "maxSubscription", "5"));
        assertTrue(failure.contains("DuplexServlet 'chat' has an unknown init-param 'maxSubscription'; did you"
                + " mean 'maxSubscriptions'?"), failure);
        String unlike = failureOf(WebXmlApp.duplexServlet("chat", "/chat", true, "handler", HANDLER,
                "colour", "blue"));
        assertTrue(unlike.contains("unknown init-param 'colour'"), unlike);
        assertFalse(unlike.contains("did you mean"), unlike);
        assertTrue(unlike.contains("heartbeatMillis"), "lists the known names: " + unlike);
    }

    @Test
    void aCorrectWebXmlMountStartsAndServes() throws Exception {
        try (WebXmlApp app = new WebXmlApp(WebXmlApp.duplexServlet("chat", "/chat", true, "handler", HANDLER,
                "maxSubscriptions", "5"), true).start();
                WireClient client = new WireClient(app.uri("/chat"), null)) {
            assertTrue(client.handshake().get("ws").getAsBoolean());
            client.startWebSocket();
            client.send("\"ok\"");
            assertEquals("\"OK\"", ((Frame.Msg) client.next(10)).d());
        }
    }

    @Test
    void withoutAWebSocketContainerTheMountWarnsNamingTheModuleAndServesLongPolling() throws Exception {
        try (LogCapture log = new LogCapture(DuplexServlet.class.getName());
                WebXmlApp app = new WebXmlApp(WebXmlApp.duplexServlet("chat", "/chat", true, "handler", HANDLER),
                        false).start();
                WireClient client = new WireClient(app.uri("/chat"), null)) {
            assertFalse(client.handshake().get("ws").getAsBoolean());
            assertEquals(1, log.containing(Level.WARNING, "ee10-websocket-jakarta").size(), log.messages(Level.ALL)
                    .toString());
            assertEquals(1, log.containing(Level.WARNING, "DuplexServlet 'chat' (mount /chat)").size());
            client.startLongPolling();
            client.send("\"still\"");
            assertEquals("\"STILL\"", ((Frame.Msg) client.next(10)).d());
        }
    }

    @Test
    void aMountMadeAsyncNowhereAnswersEveryRequestWithTheFixAndLogsItOnce() throws Exception {
        // Declared in code, not web.xml: init cannot see it, so the first request tells.
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/app");
        ServletHolder holder = new ServletHolder("plain", DuplexServlet.class);
        holder.setInitParameter(DuplexServlet.HANDLER_PARAMETER, HANDLER);
        holder.setAsyncSupported(false);
        context.addServlet(holder, "/plain/*");
        server.setHandler(context);
        try (LogCapture log = new LogCapture(DuplexServlet.class.getName())) {
            server.start();
            WireClient client = new WireClient(URI.create("http://127.0.0.1:" + connector.getLocalPort()
                    + "/app/plain"), null);
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> response = client.request("/handshake", "POST", "{}", Map.of());
                assertEquals(500, response.statusCode());
                assertTrue(response.body().contains("<async-supported>true</async-supported>"), response.body());
            }
            assertEquals(1, log.containing(Level.SEVERE, "DuplexServlet 'plain' (mount /plain)").size());
        } finally {
            server.stop();
        }
    }
}
