package dev.duplex.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.client.ClientOptions;
import dev.duplex.client.DuplexClient;
import dev.duplex.client.DuplexMessage;
import dev.duplex.client.TransportKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jetty.util.Jetty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The example application as its users run it, on embedded Tomcat and on embedded Jetty, driven by the Duplex
 * Java client over real sockets: an echo over WebSocket and over long-polling, and a push from a Spring MVC
 * controller to a topic subscriber. Each container starts once for both transports.
 */
class ChatApplicationTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Map<EmbeddedContainer, ConfigurableApplicationContext> APPS =
            new EnumMap<>(EmbeddedContainer.class);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static Stream<Arguments> containersAndTransports() {
        return Stream.of(EmbeddedContainer.values()).flatMap(container ->
                Stream.of(TransportKind.values()).map(transport -> Arguments.of(container, transport)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("containersAndTransports")
    void echoesAndPushesOverEachTransport(EmbeddedContainer container, TransportKind transport) throws Exception {
        int port = start(container);
        ClientOptions options = ClientOptions.builder().webSocket(transport == TransportKind.WEBSOCKET)
                .probeTimeout(Duration.ofSeconds(5)).build();
        try (DuplexClient client = DuplexClient.connect(URI.create("http://127.0.0.1:" + port + "/chat"), options)) {
            BlockingQueue<DuplexMessage> received = new LinkedBlockingQueue<>();
            List<TransportKind> transports = new CopyOnWriteArrayList<>();
            client.onMessage(received::add).onTransport(transports::add);
            if (transport == TransportKind.WEBSOCKET) {
                awaitTransport(client, TransportKind.WEBSOCKET);
            }

            assertTrue(client.subscribe("news"));
            assertTrue(client.send("hello"));
            DuplexMessage echo = next(received);
            assertEquals(null, echo.topic());
            assertEquals("hello", echo.text());
            // The echo followed the subscribe on the same channel, so the server has the subscription now.

            HttpResponse<String> announced = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/announce"))
                    .POST(HttpRequest.BodyPublishers.ofString("breaking")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, announced.statusCode(), announced.body());
            DuplexMessage news = next(received);
            assertEquals("news", news.topic());
            assertEquals("breaking", news.text());

            assertEquals(transport, client.transport(), "the transport that carried the messages");
            if (transport == TransportKind.LONG_POLLING) {
                assertEquals(List.of(), transports, "a long-polling-only client never switched");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("containers")
    void runsOnTheContainerAndServesTheClientScript(EmbeddedContainer container) throws Exception {
        int port = start(container);
        WebServerApplicationContext app = (WebServerApplicationContext) APPS.get(container);
        assertEquals(container.webServerClass(), app.getWebServer().getClass().getSimpleName());
        if (container == EmbeddedContainer.JETTY) {
            // Boot 4.0.7's BOM names Jetty 12.1.10; the example's POM keeps the Jetty that Duplex is built on.
            assertEquals(System.getProperty("duplex.jetty.version"), Jetty.VERSION, "the embedded Jetty");
        }
        for (String path : List.of("/duplex.js", "/")) {
            HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode(), path);
            assertTrue(page.body().contains("Duplex"), path + ": " + page.body());
        }
    }

    static Stream<EmbeddedContainer> containers() {
        return Stream.of(EmbeddedContainer.values());
    }

    private static synchronized int start(EmbeddedContainer container) {
        ConfigurableApplicationContext app = APPS.computeIfAbsent(container, c ->
                new SpringApplicationBuilder(ChatApplication.class).properties(c.properties()).run());
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    private static DuplexMessage next(BlockingQueue<DuplexMessage> received) throws InterruptedException {
        DuplexMessage message = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(message, "no message within " + WAIT);
        return message;
    }

    private static void awaitTransport(DuplexClient client, TransportKind expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (client.transport() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(expected, client.transport(), "the client's transport after " + WAIT);
    }

    @AfterAll
    static void stop() {
        APPS.values().forEach(ConfigurableApplicationContext::close);
        APPS.clear();
    }
}
