package dev.duplex.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.duplex.server.api.Channel;
import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.Duplex;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Handshake;
import dev.duplex.server.api.Hub;
import dev.duplex.server.api.Message;
import dev.duplex.server.testing.WireClient;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handshake snapshot carries the request's HttpSession id and the attributes the application chose, so
 * {@code authorize} can identify an existing servlet application's user; Duplex never creates an HTTP session,
 * and a Duplex channel outlives the HTTP session that opened it.
 */
class HttpSessionHandshakeTest {
    /** The existing application: /login puts the user in the HTTP session, /logout invalidates it. */
    public static final class LoginServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) {
            if (request.getServletPath().equals("/login")) {
                request.getSession(true).setAttribute("user", "alice");
                request.getSession().setAttribute("cart", "not for the channel");
            } else {
                request.getSession(false).invalidate();
            }
            response.setStatus(204);
        }
    }

    private final List<Handshake> seen = new CopyOnWriteArrayList<>();
    private final AtomicReference<Hub> hub = new AtomicReference<>();
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final HttpClient browser = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        ChannelHandler handler = new ChannelHandler() {
            @Override
            public boolean authorize(Handshake handshake) {
                seen.add(handshake);
                return handshake.httpSessionAttribute("user").isPresent();
            }

            @Override
            public void onMessage(Channel channel, Message message) {
                channel.send(message);
            }
        };
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/app");
        context.addServlet(LoginServlet.class, "/login");
        context.addServlet(LoginServlet.class, "/logout");
        context.addEventListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                hub.set(Duplex.mount(event.getServletContext(), "/echo", handler,
                        DuplexOptions.builder().httpSessionAttributes("user").build()));
            }
        });
        server.setHandler(context);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/app" + path);
    }

    private String get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpResponse<Void> response = browser.send(request.build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(204, response.statusCode());
        return response.headers().firstValue("Set-Cookie").map(c -> c.split(";")[0]).orElse(null);
    }

    private HttpResponse<String> handshake(WireClient client, String cookie) throws Exception {
        return client.request("/handshake", "POST", "{\"v\":1}", cookie == null ? Map.of() : Map.of("Cookie", cookie));
    }

    @Test
    void authorizeSeesTheHttpSessionAndTheChosenAttributesAndNeverCreatesOne() throws Exception {
        WireClient client = new WireClient(uri("/echo"), null);
        HttpResponse<String> anonymous = handshake(client, null);
        assertEquals(403, anonymous.statusCode(), anonymous.body());
        assertNull(seen.get(0).httpSessionId());
        assertTrue(seen.get(0).httpSessionAttributes().isEmpty());
        assertFalse(anonymous.headers().firstValue("Set-Cookie").isPresent(), "no HTTP session was created");

        String cookie = get("/login", null);
        HttpResponse<String> loggedIn = handshake(client, cookie);
        assertEquals(200, loggedIn.statusCode(), loggedIn.body());
        Handshake snapshot = seen.get(1);
        assertTrue(cookie.substring(cookie.indexOf('=') + 1).startsWith(snapshot.httpSessionId()),
                cookie + " vs " + snapshot.httpSessionId());
        assertEquals(Map.of("user", "alice"), snapshot.httpSessionAttributes(), "only the chosen attribute");
        String sid = JsonParser.parseString(loggedIn.body()).getAsJsonObject().get("sid").getAsString();
        Channel channel = hub.get().channel(sid).orElseThrow();
        assertEquals("alice", channel.handshake().httpSessionAttribute("user").orElseThrow());
        client.close();
    }

    @Test
    void whenTheHttpSessionEndsTheChannelGoesOnButNewAttachesSeeNoHttpSession() throws Exception {
        String cookie = get("/login", null);
        WireClient client = new WireClient(uri("/echo"), null);
        HttpResponse<String> opened = handshake(client, cookie);
        assertEquals(200, opened.statusCode());
        String sid = JsonParser.parseString(opened.body()).getAsJsonObject().get("sid").getAsString();

        get("/logout", cookie);
        assertTrue(hub.get().channel(sid).map(Channel::isOpen).orElse(false), "the channel is unaffected");
        HttpResponse<String> again = handshake(client, cookie);
        assertEquals(403, again.statusCode(), "authorize sees the HTTP session gone: " + again.body());
        assertNull(seen.get(seen.size() - 1).httpSessionId());
        client.close();
    }
}
