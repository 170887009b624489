package dev.duplex.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.testing.RawChannel;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every malformed golden vector, sent over each transport its {@code transports} member names, gets the refusal
 * PROTOCOL.md section 6 gives it there: {@code 400} with its error code in a {@code POST M/send} body (a
 * {@code c2s} vector as the batch's only element), close 4400 as a WebSocket message after {@code hello}.
 */
class MalformedVectorsContractTest {
    private static final RecordingHandler HANDLER = new RecordingHandler();
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(HANDLER, DuplexOptions.defaults());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        assertTrue(HANDLER.messages.isEmpty(), "no malformed input reached the application: " + HANDLER.messages);
    }

    private static List<JsonObject> vectors() throws Exception {
        try (InputStream in = MalformedVectorsContractTest.class.getResourceAsStream("/golden-vectors.json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject()
                    .getAsJsonArray("malformed").asList().stream().map(JsonElement::getAsJsonObject).toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> eachMalformedVectorIsRefusedOnEachOfItsTransports() throws Exception {
        return vectors().stream().flatMap(vector -> vector.getAsJsonArray("transports").asList().stream()
                .map(JsonElement::getAsString).map(transport -> DynamicTest.dynamicTest(
                        vector.get("name").getAsString() + " on " + transport, () -> refused(vector, transport))));
    }

    private static void refused(JsonObject vector, String transport) throws Exception {
        String wire = vector.get("wire").getAsString();
        boolean batch = vector.get("direction").getAsString().equals("c2s-batch");
        switch (transport) {
            case "long-polling" -> {
                try (RawChannel channel = Transport.LONG_POLLING.open(server)) {
                    HttpResponse<String> response = channel.send(batch ? wire : "[" + wire + "]");
                    assertEquals(400, response.statusCode(), response.body());
                    assertTrue(response.body().startsWith("{\"error\":\"" + vector.get("error").getAsString() + "\""),
                            response.body());
                }
            }
            case "websocket" -> {
                try (RawChannel channel = Transport.WEBSOCKET.open(server)) {
                    channel.send(wire);
                    assertEquals(4400, channel.awaitCloseCode());
                }
            }
            default -> throw new AssertionError("unknown transport in the vector file: " + transport);
        }
    }
}
