package dev.duplex.server.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The server's fast path against the golden vectors: the text it builds from pieces, without the codec, for
 * messages, numbered replies, acks and the handshake reply, is byte for byte the vectors' wire form.
 */
class FastPathVectorsTest {
    private static final FrameCodec CODEC = new FrameCodec();
    private static final JsonObject VECTORS = GoldenVectors.load();


    /** The text the server's fast path writes for {@code frame}. */
    private static String fastPath(Frame frame) {
        if (frame instanceof Frame.Msg m) {
            String tail = m.topic() == null ? FastFrames.messageTail(m.d()) : FastFrames.topicTail(m.topic(), m.d());
            return FastFrames.MSG_HEAD + m.seq() + tail;
        } else if (frame instanceof Frame.SubAck s) {
            return FastFrames.split(new Frame.SubAck(0, s.ref(), s.topic()), CODEC).withSeq(s.seq());
        } else if (frame instanceof Frame.UnsubAck u) {
            return FastFrames.split(new Frame.UnsubAck(0, u.ref(), u.topic()), CODEC).withSeq(u.seq());
        } else if (frame instanceof Frame.Error e) {
            return FastFrames.split(new Frame.Error(0, e.ref(), e.code(), e.message()), CODEC).withSeq(e.seq());
        } else if (frame instanceof Frame.Close c) {
            return FastFrames.split(new Frame.Close(0, c.code(), c.reason()), CODEC).withSeq(c.seq());
        } else if (frame instanceof Frame.Req r) {
            return FastFrames.split(new Frame.Req(0, r.d()), CODEC).withSeq(r.seq());
        } else if (frame instanceof Frame.Res r) {
            return FastFrames.split(new Frame.Res(0, r.ref(), r.d(), r.code(), r.message()), CODEC).withSeq(r.seq());
        } else if (frame instanceof Frame.Ack a) {
            return FastFrames.ackTo(new StringBuilder(), a.ack()).toString();
        }
        return null;
    }

    @TestFactory
    Stream<DynamicTest> everyServerFrameTheFastPathBuildsIsTheVectorsWireForm() throws ProtocolException {
        List<JsonObject> vectors = VECTORS.getAsJsonArray("frames").asList().stream()
                .map(JsonElement::getAsJsonObject)
                .filter(v -> v.get("direction").getAsString().equals("s2c") && !v.has("decodeOnly")).toList();
        long covered = 0;
        for (JsonObject vector : vectors) {
            if (fastPath(CODEC.decodeFrame(vector.get("wire").getAsString(), Direction.SERVER_TO_CLIENT)) != null) {
                covered++;
            }
        }
        assertTrue(covered >= 8, "the vectors lost the frames the fast path builds: " + covered);
        return vectors.stream().map(vector -> DynamicTest.dynamicTest(vector.get("name").getAsString(), () -> {
            String wire = vector.get("wire").getAsString();
            String built = fastPath(CODEC.decodeFrame(wire, Direction.SERVER_TO_CLIENT));
            if (built != null) {
                assertEquals(wire, built);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> theHandshakeRepliesAreTheVectorsWireForms() {
        return Stream.of("handshake", "handshakeWithProtocol").map(name -> DynamicTest.dynamicTest(name, () -> {
            JsonObject vector = VECTORS.getAsJsonObject(name);
            JsonObject reply = vector.getAsJsonObject("reply");
            String built = new FastFrames.HandshakeReply(reply.get("sid").getAsString(),
                    reply.get("token").getAsString(), reply.get("ws").getAsBoolean(), reply.get("hb").getAsLong(),
                    reply.get("hbTimeout").getAsLong(), reply.get("poll").getAsLong(), reply.get("window").getAsLong(),
                    reply.get("maxMessage").getAsInt(), reply.get("maxBatch").getAsInt(),
                    reply.get("maxPostBytes").getAsInt(),
                    reply.has("protocol") ? reply.get("protocol").getAsString() : null).encode();
            assertEquals(vector.get("wire").getAsString(), built);
            assertEquals(reply, JsonParser.parseString(built));
        }));
    }
}
