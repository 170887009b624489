package dev.duplex.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonPrimitive;
import dev.duplex.server.api.Channel;
import dev.duplex.server.api.Message;
import dev.duplex.server.testing.Await;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Request/reply both ways between the Java client and a real server, once per {@link ClientTransport}. */
class ClientRequestTest {
    private static final Answering HANDLER = new Answering();

    /** Answers {@code "ok"}, refuses {@code "refuse"}, holds {@code "hold"} forever, answers bytes reversed. */
    static final class Answering extends EchoHandler {
        @Override
        public CompletionStage<Message> onRequest(Channel channel, Message request) {
            if (request.isBinary()) {
                return CompletableFuture.completedFuture(Message.binary(reversed(request.bytes())));
            }
            return switch (request.json()) {
                case "\"ok\"" -> CompletableFuture.completedFuture(Message.json("{\"re\":\"ok\"}"));
                case "\"refuse\"" -> throw new dev.duplex.server.api.RequestException("not_found", "no such thing");
                default -> new CompletableFuture<>();
            };
        }
    }

    static byte[] reversed(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }

    @RegisterExtension
    static final ServerPerClass SERVER = new ServerPerClass(HANDLER);

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void theClientAsksAndGetsAnswersRefusalsAndTimeouts(ClientTransport transport) throws Exception {
        DuplexClient client = DuplexClient.connect(SERVER.mountUri(), transport.options());
        Capture capture = Capture.of(client);
        assertEquals("{\"re\":\"ok\"}", client.request("ok", Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS)
                .data().toString());
        RequestException refused = failure(client.request("refuse", Duration.ofSeconds(10)));
        assertEquals("not_found", refused.code());
        assertEquals("no such thing", refused.getMessage());
        assertEquals("timeout", failure(client.request("hold", Duration.ofMillis(300))).code());
        if (transport.upgrades()) {
            Await.until("the upgrade", () -> client.transport() == TransportKind.WEBSOCKET);
            assertEquals("{\"re\":\"ok\"}", client.request("ok", Duration.ofSeconds(10))
                    .get(10, TimeUnit.SECONDS).data().toString());
        }
        DuplexMessage binary = client.request(new byte[] {0, 1, 2, (byte) 0x80}, Duration.ofSeconds(10))
                .get(10, TimeUnit.SECONDS);
        assertTrue(binary.isBinary(), "a binary answer arrives as bytes, not as base64 text: " + binary.data());
        assertArrayEquals(new byte[] {(byte) 0x80, 2, 1, 0}, binary.bytes());
        Future<DuplexMessage> pending = client.request("hold", Duration.ofSeconds(30));
        ClientContractTest.closeAndAwait(client, capture);
        assertEquals("closed", failure(pending).code());
        assertEquals("closed", failure(client.request("after close", Duration.ofSeconds(1))).code());
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void theServerAsksAndTheClientAnswersRefusesOrHasNoHandler(ClientTransport transport) throws Exception {
        DuplexClient client = DuplexClient.connect(SERVER.mountUri(), transport.options());
        Capture capture = Capture.of(client);
        Await.until("open on the server", () -> HANDLER.channels.containsKey(client.id()));
        Channel channel = HANDLER.channels.get(client.id());
        assertEquals("no_handler", serverFailure(channel.request(Message.text("anyone?"), Duration.ofSeconds(10)))
                .code());
        client.onRequest(request -> request.isBinary() ? reversed(request.bytes()) : switch (request.text()) {
            case "later" -> CompletableFuture.supplyAsync(() -> new JsonPrimitive("answered later"));
            case "no" -> throw new RequestException("denied", "not you");
            case "crash" -> throw new IllegalStateException("secret internals");
            default -> "answered " + request.text();
        });
        assertEquals(Message.text("answered now"), channel.request(Message.text("now"), Duration.ofSeconds(10))
                .toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals(Message.text("answered later"), channel.request(Message.text("later"), Duration.ofSeconds(10))
                .toCompletableFuture().get(10, TimeUnit.SECONDS));
        RequestExceptionView denied = serverFailure(channel.request(Message.text("no"), Duration.ofSeconds(10)));
        assertEquals("denied", denied.code);
        assertEquals("not you", denied.message);
        Message binary = channel.request(Message.binary(new byte[] {1, 2, (byte) 0xff}), Duration.ofSeconds(10))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(binary.isBinary(), "a byte[] answer reaches the server as binary: " + binary);
        assertArrayEquals(new byte[] {(byte) 0xff, 2, 1}, binary.bytes());
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
