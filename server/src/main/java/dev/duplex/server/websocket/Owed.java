package dev.duplex.server.websocket;

import dev.duplex.server.protocol.FastFrames;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.FrameCodec;
import dev.duplex.server.protocol.FrameList;
import java.util.ArrayDeque;

/**
 * What one WebSocket owes its peer besides the session's numbered frames: the {@code welcome}, pings, pongs,
 * and the ack of client frames. It belongs to the connection, not the session: a new transport starts owing
 * nothing, as the peer that would have received it is gone. Thread-safe.
 */
final class Owed {
    private static final FrameCodec CODEC = new FrameCodec();

    /**
     * Made when a frame is queued and dropped when drained: an idle connection owes nothing nearly all of its
     * life, and most never queue more than one control frame at a time.
     */
    private ArrayDeque<String> control;
    private String welcome;
    private long ack = -1;
    private long ackSent = -1;

    /** The connection's first message: the welcome, which itself tells the peer our ack of its frames. */
    synchronized void welcome(Frame.Welcome frame) {
        welcome = CODEC.encode(frame);
        ack = Math.max(ack, frame.ack());
        ackSent = ack;
    }

    /** The welcome, once, if it has not been written yet. */
    synchronized String takeWelcome() {
        String first = welcome;
        welcome = null;
        return first;
    }

    /** Queues a transport frame (ping, pong), to lead the next message. */
    synchronized void control(Frame frame) {
        if (control == null) {
            control = new ArrayDeque<>(1);
        }
        control.addLast(CODEC.encode(frame));
    }

    /** Records the server's cumulative ack of client frames, to be sent with the next message. */
    synchronized void ack(long received) {
        ack = Math.max(ack, received);
    }

    /** Whether anything is owed. */
    synchronized boolean any() {
        return welcome != null || control != null || ack > ackSent;
    }

    /** Moves the control frames, then the ack if it grew, into {@code frames}; each is owed once. */
    synchronized void drainTo(FrameList frames) {
        if (control != null) {
            for (String frame : control) {
                frames.add(frame);
            }
            control = null;
        }
        if (ack > ackSent) {
            FastFrames.ackTo(frames.next(), ack);
            ackSent = ack;
        }
    }
}
