package dev.duplex.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class InboxTest {
    private static final int RATE = 10;
    private static final int MAX_BATCH = 4;
    private final Inbox inbox = new Inbox(new InboundPacer(RATE, MAX_BATCH, 0));
    private final List<Long> accepted = new ArrayList<>();
    private final List<Frame> transport = new ArrayList<>();
    private long now;

    private Inbox.Outcome receive(Frame... frames) throws ProtocolException {
        return inbox.receive(List.of(frames), now, transport::add, f -> accepted.add(f.seq()));
    }

    private static Frame msg(long seq) {
        return new Frame.Msg(seq, null, "1");
    }

    private static Frame[] msgs(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(InboxTest::msg).toArray(Frame[]::new);
    }

    @Test
    void acceptsInOrderAndDropsDuplicates() throws ProtocolException {
        assertEquals(2, receive(msg(1), msg(2)).ack());
        assertEquals(3, receive(msg(1), msg(2), msg(3)).ack());
        assertEquals(3, receive(msg(2)).ack());
        assertEquals(List.of(1L, 2L, 3L), accepted);
    }

    @Test
    void aGapRefusesTheWholeBatch() throws ProtocolException {
        receive(msg(1));
        ProtocolException gap = assertThrows(ProtocolException.class, () -> receive(msg(2), msg(4)));
        assertEquals(ErrorCode.SEQUENCE_GAP, gap.code());
        assertEquals(List.of(1L), accepted, "nothing of the refused batch took effect");
        assertEquals(1, inbox.received());
    }

    @Test
    void transportFramesPassThroughUnnumbered() throws ProtocolException {
        receive(new Frame.Ack(3), msg(1), new Frame.Ping("x"));
        assertEquals(List.of(new Frame.Ack(3), new Frame.Ping("x")), transport);
    }

    @Test
    void overTheCapTheRestOfTheMessageIsDiscardedUnackedWithAdvice() throws ProtocolException {
        Inbox.Outcome first = receive(msgs(1, 12));
        assertEquals(RATE, first.ack(), "the accepted prefix only");
        // The bucket must hold a batch (4 tokens at 10/s) before the client sends again.
        assertEquals(400, first.slowRetry());
        assertEquals(LongStream.rangeClosed(1, RATE).boxed().toList(), accepted);
    }

    @Test
    void whileSlowedFramesInFlightAreToleratedAndTheStateEndsWithTheNextInSequence() throws ProtocolException {
        receive(msgs(1, 11));
        Inbox.Outcome inFlight = receive(msgs(13, 14));
        assertEquals(10, inFlight.ack(), "no sequence_gap while slowed: these were in flight");
        assertEquals(400, inFlight.slowRetry());
        now += 400;
        Inbox.Outcome resumed = receive(msgs(11, 14));
        assertEquals(14, resumed.ack());
        assertEquals(0, resumed.slowRetry());
        assertEquals(ErrorCode.SEQUENCE_GAP, assertThrows(ProtocolException.class, () -> receive(msg(16))).code(),
                "once the state has ended a gap is a gap again");
    }

    @Test
    void aClientThatIgnoresTheAdviceIsCutWithRateLimited() throws ProtocolException {
        receive(msgs(1, 11));
        long seq = 12;
        // Tolerance: a second's worth at the cap plus a batch (14 frames here) may be discarded in flight.
        for (int i = 0; i < 3; i++) {
            receive(msgs(seq, seq + MAX_BATCH - 1));
            seq += MAX_BATCH;
        }
        long next = seq;
        ProtocolException cut = assertThrows(ProtocolException.class, () -> receive(msgs(next, next + 3)));
        assertEquals(ErrorCode.RATE_LIMITED, cut.code());
        assertEquals(10, inbox.received(), "nothing past the refusal was accepted");
    }

    @Test
    void framesAcceptedWhileAnotherCallerHandsOnAreHandedOnByThatCallerInOrder() throws ProtocolException {
        List<Long> handedOn = new ArrayList<>();
        long[] innerAck = {-1};
        java.util.function.Consumer<Frame.Sequenced>[] accept = new java.util.function.Consumer[1];
        accept[0] = frame -> {
            handedOn.add(frame.seq());
            if (frame.seq() == 1) {
                // Another transport's frames arrive while the application handles frame 1.
                try {
                    innerAck[0] = inbox.receive(List.of(msg(2), msg(3)), now, transport::add, accept[0]).ack();
                } catch (ProtocolException e) {
                    throw new AssertionError(e);
                }
                assertEquals(List.of(1L), handedOn, "no handler call overlaps another of the same session");
            }
        };
        assertEquals(1, inbox.receive(List.of(msg(1)), now, transport::add, accept[0]).ack());
        assertEquals(3, innerAck[0], "the second caller is acked at once");
        assertEquals(List.of(1L, 2L, 3L), handedOn);
    }
}
