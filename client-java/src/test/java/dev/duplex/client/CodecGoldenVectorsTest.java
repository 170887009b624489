package dev.duplex.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.duplex.server.testing.GoldenVectors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's codec against protocol/golden-vectors.json, the file the server's and the JavaScript tests
 * read too: every client frame and batch encodes to its exact wire form, every server frame and batch
 * decodes to its frame, and the handshake reply parses.
 */
class CodecGoldenVectorsTest {
    private final JsonObject vectors = GoldenVectors.load();

    @Test
    void clientFramesEncodeToTheirExactWireForm() {
        int checked = 0;
        for (JsonElement element : vectors.getAsJsonArray("frames")) {
            JsonObject vector = element.getAsJsonObject();
            if (isClientToServer(vector) && !vector.has("decodeOnly")) {
                JsonObject frame = vector.getAsJsonObject("frame");
                assertEquals(vector.get("wire").getAsString(), Codec.encode(Codec.canonical(frame)),
                        vector.get("name").getAsString());
                checked++;
            }
        }
        assertTrue(checked >= 10, "too few client frames in the vectors: " + checked);
    }

    @Test
    void theFrameBuildersWriteTheWireFormsOfTheVectors() {
        assertEquals(wire("c2s msg with string"), Codec.encode(Codec.msg(1, Codec.GSON.toJsonTree("hello"))));
        assertEquals(wire("c2s sub"), Codec.encode(Codec.sub("sub", 5, "prices/EURUSD")));
        assertEquals(wire("c2s unsub"), Codec.encode(Codec.sub("unsub", 6, "prices/EURUSD")));
        assertEquals(wire("c2s close with code and reason"), Codec.encode(Codec.close(8, 1000, "bye")));
        assertEquals(wire("c2s close bare"), Codec.encode(Codec.close(9, null, null)));
        JsonObject pub = frameOf("c2s pub");
        assertEquals(wire("c2s pub"), Codec.encode(Codec.pub(7, "chat/lobby", pub.get("d"))));
    }

    @Test
    void serverFramesDecodeToTheirFrame() {
        int checked = 0;
        for (JsonElement element : vectors.getAsJsonArray("frames")) {
            JsonObject vector = element.getAsJsonObject();
            if (!isClientToServer(vector)) {
                List<JsonObject> decoded = Codec.decode(vector.get("wire").getAsString());
                assertEquals(List.of(vector.getAsJsonObject("frame")), decoded, vector.get("name").getAsString());
                checked++;
            }
        }
        assertTrue(checked >= 10, "too few server frames in the vectors: " + checked);
    }

    @Test
    void batchesEncodeAndDecode() {
        for (JsonElement element : vectors.getAsJsonArray("batches")) {
            JsonObject vector = element.getAsJsonObject();
            String wire = vector.get("wire").getAsString();
            JsonArray frames = vector.getAsJsonArray("frames");
            if (isClientToServer(vector)) {
                List<String> encoded = new ArrayList<>();
                frames.forEach(f -> encoded.add(Codec.encode(Codec.canonical(f.getAsJsonObject()))));
                assertEquals(wire, Codec.encodeBatch(encoded), vector.get("name").getAsString());
            } else {
                List<JsonObject> expected = new ArrayList<>();
                frames.forEach(f -> expected.add(f.getAsJsonObject()));
                assertEquals(expected, Codec.decode(wire), vector.get("name").getAsString());
            }
        }
    }

    @Test
    void theHandshakeReplyParses() {
        JsonObject reply = vectors.getAsJsonObject("handshake").getAsJsonObject("reply");
        Handshake handshake = Handshake.parse(reply);
        assertEquals(reply.get("sid").getAsString(), handshake.sid());
        assertEquals(reply.get("token").getAsString(), handshake.token());
        assertTrue(handshake.ws());
        assertEquals(25000, handshake.hb());
        assertEquals(20000, handshake.hbTimeout());
        assertEquals(25000, handshake.poll());
        assertEquals(120000, handshake.window());
        assertEquals(65536, handshake.maxMessage());
        assertEquals(100, handshake.maxBatch());
        assertEquals(1048576, handshake.maxPostBytes());
    }

    @Test
    void malformedServerInputIsRefused() {
        for (String bad : List.of("hello", "{\"t\":\"msg\"", "[1,2]", "{\"seq\":1}", "{\"t\":\"sub\",\"seq\":1}",
                "{\"t\":7}")) {
            assertThrows(IllegalArgumentException.class, () -> Codec.decode(bad), bad);
        }
        assertFalse(Codec.decode("[]").iterator().hasNext());
    }

    private static boolean isClientToServer(JsonObject vector) {
        return vector.get("direction").getAsString().startsWith("c2s");
    }

    private String wire(String name) {
        return vector(name).get("wire").getAsString();
    }

    private JsonObject frameOf(String name) {
        return vector(name).getAsJsonObject("frame");
    }

    private JsonObject vector(String name) {
        for (JsonElement element : vectors.getAsJsonArray("frames")) {
            if (element.getAsJsonObject().get("name").getAsString().equals(name)) {
                return element.getAsJsonObject();
            }
        }
        throw new AssertionError("no vector named " + name);
    }
}
