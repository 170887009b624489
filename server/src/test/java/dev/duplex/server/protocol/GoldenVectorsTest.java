package dev.duplex.server.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.duplex.server.protocol.FrameCodec.Direction;
import dev.duplex.server.testing.GoldenVectors;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The codec against protocol/golden-vectors.json, the file the JavaScript tests read too. Each frame must
 * decode to the vector's structure, and encode to its exact wire form.
 */
class GoldenVectorsTest {
    private static final FrameCodec CODEC = new FrameCodec();
    private static final JsonObject VECTORS = GoldenVectors.load();


    private static Direction direction(JsonObject vector) {
        return vector.get("direction").getAsString().startsWith("c2s")
                ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
    }

    @TestFactory
    Stream<DynamicTest> framesDecodeToTheirStructureAndEncodeToTheirExactWireForm() {
        JsonArray frames = VECTORS.getAsJsonArray("frames");
        assertTrue(frames.size() >= 30, "the vector file lost frames");
        return frames.asList().stream().map(JsonElement::getAsJsonObject).map(vector -> DynamicTest.dynamicTest(
                vector.get("name").getAsString(), () -> {
                    String wire = vector.get("wire").getAsString();
                    Frame frame = CODEC.decodeFrame(wire, direction(vector));
                    String encoded = CODEC.encode(frame);
                    assertEquals(vector.get("frame"), JsonParser.parseString(encoded), "structure");
                    if (!vector.has("decodeOnly")) {
                        assertEquals(wire, encoded, "exact wire form");
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> batchesRoundTrip() {
        return VECTORS.getAsJsonArray("batches").asList().stream().map(JsonElement::getAsJsonObject)
                .map(vector -> DynamicTest.dynamicTest(vector.get("name").getAsString(), () -> {
                    String wire = vector.get("wire").getAsString();
                    List<Frame> frames = CODEC.decodeBatch(wire, direction(vector), 100);
                    assertEquals(vector.getAsJsonArray("frames").size(), frames.size());
                    assertEquals(wire, CODEC.encodeBatch(frames));
                }));
    }

    @TestFactory
    Stream<DynamicTest> malformedInputIsRefusedWithItsTypedError() {
        return VECTORS.getAsJsonArray("malformed").asList().stream().map(JsonElement::getAsJsonObject)
                .map(vector -> DynamicTest.dynamicTest(vector.get("name").getAsString(), () -> {
                    String wire = vector.get("wire").getAsString();
                    boolean batch = vector.get("direction").getAsString().endsWith("batch");
                    ProtocolException refused = assertThrows(ProtocolException.class, () -> {
                        if (batch) {
                            CODEC.decodeBatch(wire, direction(vector), 100);
                        } else {
                            CODEC.decodeFrame(wire, direction(vector));
                        }
                    });
                    assertEquals(vector.get("error").getAsString(), refused.code().wireName());
                    assertTrue(!refused.getMessage().contains(wire) || wire.length() < 3,
                            "the refusal must not echo the input");
                }));
    }

    @TestFactory
    Stream<DynamicTest> serverOnlyTypesAreRefusedFromClientsAndViceVersa() {
        return Stream.of("{\"t\":\"welcome\",\"sid\":\"a\",\"ack\":1}", "{\"t\":\"suback\",\"seq\":1,\"ref\":1,"
                + "\"topic\":\"a\"}", "{\"t\":\"reset\",\"reason\":\"x\",\"from\":1,\"to\":2,\"topics\":[]}")
                .map(wire -> DynamicTest.dynamicTest("client may not send " + wire, () -> assertEquals(
                        ErrorCode.BAD_REQUEST, assertThrows(ProtocolException.class,
                                () -> CODEC.decodeFrame(wire, Direction.CLIENT_TO_SERVER)).code())));
    }

    @TestFactory
    Stream<DynamicTest> batchLimitIsEnforced() {
        String batch = "[" + String.join(",", java.util.Collections.nCopies(5, "{\"t\":\"ack\",\"ack\":1}")) + "]";
        return Stream.of(DynamicTest.dynamicTest("five frames over a limit of four", () -> assertEquals(
                ErrorCode.TOO_LARGE, assertThrows(ProtocolException.class,
                        () -> CODEC.decodeBatch(batch, Direction.CLIENT_TO_SERVER, 4)).code())));
    }
}
