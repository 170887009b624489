package dev.duplex.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import dev.duplex.server.api.Channel;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Message;
import dev.duplex.server.testing.Await;
import dev.duplex.server.testing.TestServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Request/reply both ways between the Java client and a real server, once per {@link ClientTransport}. */
class ClientRequestTest {
    private static final Answering HANDLER = new Answering();
    private static TestServer server;

    /** Answers {@code "ok"}, refuses {@code "refuse"}, holds {@code "hold"} forever. */
    static final class Answering extends EchoHandler {
        @Override
        public CompletionStage<Message> onRequest(Channel channel, Message request) {
            return switch (request.json()) {
                case "\"ok\"" -> CompletableFuture.completedFuture(Message.json("{\"re\":\"ok\"}"));
                case "\"refuse\"" -> throw new dev.duplex.server.api.RequestException("not_found", "no such thing");
                default -> new CompletableFuture<>();
            };
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(HANDLER, DuplexOptions.builder().pollTimeoutMillis(1000).build());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void theClientAsksAndGetsAnswersRefusalsAndTimeouts(ClientTransport transport) throws Exception {
        DuplexClient client = DuplexClient.connect(server.mountUri(), transport.options());
        Capture capture = Capture.of(client);
        assertEquals("{\"re\":\"ok\"}", client.request("ok", Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS)
                .toString());
        RequestException refused = failure(client.request("refuse", Duration.ofSeconds(10)));
        assertEquals("not_found", refused.code());
        assertEquals("no such thing", refused.getMessage());
        assertEquals("timeout", failure(client.request("hold", Duration.ofMillis(300))).code());
        if (transport.upgrades()) {
            Await.until("the upgrade", () -> client.transport() == TransportKind.WEBSOCKET);
            assertEquals("{\"re\":\"ok\"}", client.request("ok", Duration.ofSeconds(10))
                    .get(10, TimeUnit.SECONDS).toString());
        }
        Future<JsonElement> pending = client.request("hold", Duration.ofSeconds(30));
        ClientContractTest.closeAndAwait(client, capture);
        assertEquals("closed", failure(pending).code());
        assertEquals("closed", failure(client.request("after close", Duration.ofSeconds(1))).code());
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void theServerAsksAndTheClientAnswersRefusesOrHasNoHandler(ClientTransport transport) throws Exception {
        DuplexClient client = DuplexClient.connect(server.mountUri(), transport.options());
        Capture capture = Capture.of(client);
        Await.until("open on the server", () -> HANDLER.channels.containsKey(client.id()));
        Channel channel = HANDLER.channels.get(client.id());
        assertEquals("no_handler", serverFailure(channel.request(Message.text("anyone?"), Duration.ofSeconds(10)))
                .code());
        client.onRequest(data -> switch (data.getAsString()) {
            case "later" -> CompletableFuture.supplyAsync(() -> new JsonPrimitive("answered later"));
            case "no" -> throw new RequestException("denied", "not you");
            case "crash" -> throw new IllegalStateException("secret internals");
            default -> "answered " + data.getAsString();
        });
        assertEquals(Message.text("answered now"), channel.request(Message.text("now"), Duration.ofSeconds(10))
                .toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals(Message.text("answered later"), channel.request(Message.text("later"), Duration.ofSeconds(10))
                .toCompletableFuture().get(10, TimeUnit.SECONDS));
        RequestExceptionView denied = serverFailure(channel.request(Message.text("no"), Duration.ofSeconds(10)));
        assertEquals("denied", denied.code);
        assertEquals("not you", denied.message);
        RequestExceptionView crashed = serverFailure(channel.request(Message.text("crash"), Duration.ofSeconds(10)));
        assertEquals("internal_error", crashed.code);
        assertFalse(crashed.message.contains("secret"), crashed.message);
        ClientContractTest.closeAndAwait(client, capture);
    }

    private record RequestExceptionView(String code, String message) { }

    private static RequestExceptionView serverFailure(CompletionStage<Message> stage) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> stage.toCompletableFuture().get(10, TimeUnit.SECONDS));
        var refused = assertInstanceOf(dev.duplex.server.api.RequestException.class, e.getCause());
        return new RequestExceptionView(refused.code(), refused.getMessage());
    }

    private static RequestException failure(Future<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        return assertInstanceOf(RequestException.class, e.getCause());
    }
}
