package dev.duplex.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.FrameList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OutboxTest {
    private final AtomicLong global = new AtomicLong();
    private final Outbox outbox = new Outbox(new Outbox.Limits(5, 1_000, global, 10_000));

    private long send(String text) {
        return outbox.appendMessage(",\"d\":\"" + text + "\"}");
    }

    @Test
    void numbersFramesAndReplaysFromAnyCursor() {
        send("a");
        send("b");
        send("c");
        assertEquals("[{\"t\":\"msg\",\"seq\":2,\"d\":\"b\"},{\"t\":\"msg\",\"seq\":3,\"d\":\"c\"}]",
                outbox.drain(2, 100, List::of).text());
        Outbox.Batch again = outbox.drain(1, 2, List::of);
        assertEquals(2, again.frames());
        assertEquals(3, again.nextCursor());
    }

    @Test
    void aLoneFrameGoesBareOnWebSocketsAndAnEmptyPollGetsAnEmptyArray() {
        send("a");
        FrameList message = new FrameList();
        assertEquals(2, outbox.drainTo(message, 1, 100, List::of));
        assertEquals("{\"t\":\"msg\",\"seq\":1,\"d\":\"a\"}", message.message());
        assertNull(new FrameList().message());
        assertEquals("[]", outbox.drain(2, 100, List::of).text());
    }

    @Test
    void acksReleaseFramesAndTheGlobalBudget() {
        send("a");
        send("b");
        assertTrue(global.get() > 0);
        outbox.acknowledge(1);
        assertEquals(1, outbox.size());
        outbox.acknowledge(99);
        assertEquals(0, outbox.size());
        assertEquals(0, global.get());
    }

    @Test
    void aTopicGapIsANumberedResetInItsPlaceThatReplaysLikeAnyFrame() {
        send("a");
        assertEquals(2, outbox.appendReset(Outbox.TOPIC_GAP, List.of("chat/lobby")));
        send("b");
        String gap = "{\"t\":\"reset\",\"reason\":\"topic_gap\",\"from\":2,\"to\":2,\"topics\":[\"chat/lobby\"]}";
        assertEquals("[{\"t\":\"msg\",\"seq\":1,\"d\":\"a\"}," + gap + ",{\"t\":\"msg\",\"seq\":3,\"d\":\"b\"}]",
                outbox.drain(1, 100, List::of).text());
        assertEquals("[" + gap + ",{\"t\":\"msg\",\"seq\":3,\"d\":\"b\"}]",
                outbox.drain(2, 100, List::of).text());
        outbox.acknowledge(2);
        assertEquals(1, outbox.size());
    }

    @Test
    void overflowDiscardsTheOldestAndAnnouncesTheGapOnce() {
        for (int i = 1; i <= 8; i++) {
            send("m" + i);
        }
        assertEquals(5, outbox.size());
        Outbox.Batch batch = outbox.drain(1, 100, () -> List.of("prices"));
        assertTrue(batch.text().startsWith("[{\"t\":\"reset\",\"reason\":\"overflow\",\"from\":1,\"to\":3,"
                + "\"topics\":[\"prices\"]},{\"t\":\"msg\",\"seq\":4,"), batch.text());
        assertEquals(9, batch.nextCursor());
        assertTrue(!outbox.drain(4, 100, List::of).text().contains("reset"));
    }

    @Test
    void theGlobalCapDiscardsToo() {
        Outbox small = new Outbox(new Outbox.Limits(1_000, 1_000_000, global, 30));
        for (int i = 0; i < 10; i++) {
            small.appendMessage(",\"d\":\"0123456789\"}");
        }
        assertTrue(global.get() <= 30 + 20, "global budget held: " + global.get());
        small.release();
        assertEquals(0, global.get());
    }

    @Test
    void holdsOnlyNumberedFrames() {
        // Pings, pongs and acks belong to one connection (websocket.Owed); the outbox has no place for them.
        for (var method : Outbox.class.getMethods()) {
            for (var type : method.getParameterTypes()) {
                assertTrue(type != Frame.class && type != Frame.Ping.class && type != Frame.Pong.class,
                        "Outbox." + method.getName() + " takes an unnumbered frame");
            }
        }
        send("a");
        assertTrue(outbox.hasWork(1));
        assertTrue(!outbox.hasWork(2));
    }

    @Test
    void sequencedFramesOfAnyTypeAreNumberedInTheSameStream() {
        send("a");
        long seq = outbox.append(new Frame.SubAck(0, 4, "news"));
        assertEquals(2, seq);
        assertEquals("[{\"t\":\"suback\",\"seq\":2,\"ref\":4,\"topic\":\"news\"}]",
                outbox.drain(2, 100, List::of).text());
    }

    @Test
    void aFrozenOutboxNumbersNothingMoreSoNoNumberIsGivenTwice() {
        send("a");
        send("b");
        Outbox.Frozen frozen = outbox.freeze();
        assertEquals(3, frozen.nextSeq());
        // The node that takes the session over numbers from 3: a frame numbered 3 here would be a different one.
        assertEquals(Outbox.SEALED, send("late"));
        assertEquals(Outbox.SEALED, outbox.append(new Frame.Close(0, 1000, "bye")));
        assertEquals(Outbox.SEALED, outbox.appendReset(Outbox.TOPIC_GAP, List.of("news")));
        assertEquals(2, outbox.lastSeq());
        Outbox taken = new Outbox(new Outbox.Limits(5, 1_000, global, 10_000));
        taken.thaw(frozen);
        assertEquals(3, taken.appendMessage(",\"d\":\"next\"}"));
    }
}
