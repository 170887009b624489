package dev.duplex.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.Duplex;
import dev.duplex.server.api.Hub;
import dev.duplex.server.api.Message;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.WebXmlApp;
import dev.duplex.server.testing.WireClient;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A listener reaches a hub that web.xml mounts: the container initialises the servlet after every listener, so
 * {@link Duplex#whenMounted} calls back then; asked later, it answers at once.
 */
class HubAvailabilityTest {
    /** Subscribes every channel to "news", so a hub publish reaches the test's client. */
    public static final class NewsHandler extends RecordingHandler {
        @Override
        public void onOpen(dev.duplex.server.api.Channel channel) {
            super.onOpen(channel);
            channel.subscribe("news");
            channel.send("subscribed");
        }
    }

    private static String newsServlet() {
        return WebXmlApp.duplexServlet("news", "/news", true, "handler", NewsHandler.class.getName());
    }

    @Test
    void aListenerGetsTheWebXmlHubWhenItIsMounted() throws Exception {
        List<Optional<Hub>> atListenerTime = new CopyOnWriteArrayList<>();
        List<Hub> delivered = new CopyOnWriteArrayList<>();
        ServletContextListener listener = new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                atListenerTime.add(Duplex.hub(event.getServletContext(), "/news"));
                Duplex.whenMounted(event.getServletContext(), "/news", delivered::add);
            }
        };
        try (WebXmlApp app = new WebXmlApp(newsServlet(), true).listener(listener).start();
                WireClient client = new WireClient(app.uri("/news"), null)) {
            assertEquals(List.of(Optional.empty()), atListenerTime, "the listener runs before the servlet");
            assertEquals(1, delivered.size(), "called back once, when the servlet was initialised");
            Hub hub = delivered.get(0);
            assertEquals("/news", hub.path());
            assertSame(hub, Duplex.hub(app.servletContext(), "/news").orElseThrow());
            client.handshake();
            client.startLongPolling();
            assertEquals("\"subscribed\"", ((Frame.Msg) client.next(10)).d());
            hub.publish("news", Message.text("from the listener's hub"));
            assertEquals("\"from the listener's hub\"", ((Frame.Msg) client.next(10)).d());
        }
    }

    @Test
    void askedAfterTheMountWhenMountedAnswersAtOnceOnTheCallingThread() throws Exception {
        try (WebXmlApp app = new WebXmlApp(newsServlet(), true).start()) {
            List<Thread> ranOn = new CopyOnWriteArrayList<>();
            Duplex.whenMounted(app.servletContext(), "/news", hub -> ranOn.add(Thread.currentThread()));
            assertEquals(List.of(Thread.currentThread()), ranOn);
        }
    }

    @Test
    void aHubMountedFromCodeIsFoundAtOnce() throws Exception {
        List<Optional<Hub>> found = new CopyOnWriteArrayList<>();
        List<Hub> called = new CopyOnWriteArrayList<>();
        ServletContextListener listener = new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                Duplex.whenMounted(event.getServletContext(), "/code", called::add);
                Hub mounted = Duplex.mount(event.getServletContext(), "/code", new RecordingHandler());
                found.add(Duplex.hub(event.getServletContext(), "/code").filter(h -> h == mounted));
            }
        };
        try (WebXmlApp app = new WebXmlApp("", true).listener(listener).start()) {
            assertTrue(found.get(0).isPresent(), "Duplex.hub finds a code mount right after Duplex.mount");
            assertEquals(List.of(found.get(0).get()), called);
        }
    }
}
