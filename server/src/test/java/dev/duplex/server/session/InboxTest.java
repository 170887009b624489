package dev.duplex.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboxTest {
    private final Inbox inbox = new Inbox();
    private final List<Long> accepted = new ArrayList<>();
    private final List<Frame> transport = new ArrayList<>();

    private long receive(Frame... frames) throws ProtocolException {
        return inbox.receive(List.of(frames), transport::add, f -> accepted.add(f.seq()));
    }

    private static Frame msg(long seq) {
        return new Frame.Msg(seq, null, "1");
    }

    @Test
    void acceptsInOrderAndDropsDuplicates() throws ProtocolException {
        assertEquals(2, receive(msg(1), msg(2)));
        assertEquals(3, receive(msg(1), msg(2), msg(3)));
        assertEquals(3, receive(msg(2)));
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
    void framesAcceptedWhileAnotherCallerHandsOnAreHandedOnByThatCallerInOrder() throws ProtocolException {
        List<Long> handedOn = new ArrayList<>();
        long[] innerAck = {-1};
        java.util.function.Consumer<Frame.Sequenced>[] accept = new java.util.function.Consumer[1];
        accept[0] = frame -> {
            handedOn.add(frame.seq());
            if (frame.seq() == 1) {
                // Another transport's frames arrive while the application handles frame 1.
                try {
                    innerAck[0] = inbox.receive(List.of(msg(2), msg(3)), transport::add, accept[0]);
                } catch (ProtocolException e) {
                    throw new AssertionError(e);
                }
                assertEquals(List.of(1L), handedOn, "no handler call overlaps another of the same session");
            }
        };
        assertEquals(1, inbox.receive(List.of(msg(1)), transport::add, accept[0]));
        assertEquals(3, innerAck[0], "the second caller is acked at once");
        assertEquals(List.of(1L, 2L, 3L), handedOn);
    }
}
