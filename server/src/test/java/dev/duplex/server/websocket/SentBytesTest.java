package dev.duplex.server.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import dev.duplex.server.protocol.FastFrames;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.FrameList;
import dev.duplex.server.session.Outbox;
import dev.duplex.server.testing.GoldenVectors;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What each transport writes, assembled as the transports assemble it (the outbox's numbered frames, a
 * WebSocket's owed control frames and ack), against the golden vectors marked {@code sentBy}.
 */
class SentBytesTest {

    private static String sentBy(String transport) {
        return GoldenVectors.load().getAsJsonArray("batches").asList().stream().map(JsonElement::getAsJsonObject)
                .filter(v -> v.has("sentBy") && v.get("sentBy").getAsString().equals(transport))
                .findFirst().orElseThrow().get("wire").getAsString();
    }

    private static Outbox outbox(int maxFrames) {
        return new Outbox(new Outbox.Limits(maxFrames, 1 << 20, new AtomicLong(), 1 << 20));
    }

    @Test
    void aWebSocketMessageLeadsWithWhatTheConnectionOwesThenNumberedFrames() {
        Outbox outbox = outbox(100);
        for (int i = 0; i < 7; i++) {
            outbox.appendMessage(FastFrames.messageTail("0"));
        }
        outbox.appendMessage(FastFrames.messageTail("1"));
        outbox.appendMessage(FastFrames.topicTail("news", "\"two\""));
        Owed owed = new Owed();
        owed.control(new Frame.Pong("r1"));
        owed.ack(3);
        FrameList message = new FrameList();
        owed.drainTo(message);
        outbox.drainTo(message, 8, 100, List::of);
        assertEquals(sentBy("websocket"), message.message());
    }

    @Test
    void aPollResponseAfterAnOverflowLeadsWithTheReset() {
        Outbox outbox = outbox(1);
        outbox.appendMessage(FastFrames.topicTail("news", "\"a\""));
        outbox.appendMessage(FastFrames.topicTail("news", "\"b\""));
        outbox.appendMessage(FastFrames.topicTail("news", "\"c\""));
        assertEquals(sentBy("long-polling"), outbox.drain(1, 100, () -> List.of("news")).text());
    }
}
