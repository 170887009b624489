package dev.duplex.server.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.FrameList;
import org.junit.jupiter.api.Test;

class OwedTest {
    private final Owed owed = new Owed();

    private String drain() {
        FrameList frames = new FrameList();
        owed.drainTo(frames);
        return frames.message();
    }

    @Test
    void controlFramesAndThePendingAckGoOnceInOrder() {
        owed.control(new Frame.Pong("p1"));
        owed.ack(7);
        assertEquals("[{\"t\":\"pong\",\"id\":\"p1\"},{\"t\":\"ack\",\"ack\":7}]", drain());
        assertFalse(owed.any(), "control frames and acks go once");
        assertNull(drain());
        owed.ack(6);
        assertFalse(owed.any(), "an older ack is not sent again");
    }

    @Test
    void theWelcomeComesFirstAndCarriesTheAck() {
        owed.welcome(new Frame.Welcome("sid", 4));
        assertTrue(owed.any());
        assertEquals("{\"t\":\"welcome\",\"sid\":\"sid\",\"ack\":4}", owed.takeWelcome());
        assertNull(owed.takeWelcome());
        owed.ack(4);
        assertFalse(owed.any(), "the welcome already told the peer ack 4");
        owed.ack(5);
        assertEquals("{\"t\":\"ack\",\"ack\":5}", drain());
    }
}
