package dev.duplex.server.session;

import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.ProtocolException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A session's inbound side: accepts client frames in sequence, once each. Duplicates (a re-sent POST, a
 * replay after a switch) are dropped; a gap is refused before any frame of its batch takes effect.
 *
 * <p>Its monitor guards only the sequence bookkeeping, never a call out: no application callback and no I/O
 * runs under it. Accepted frames are handed on in order by one thread at a time; a thread that finds another
 * handing on leaves its frames to that thread and returns at once, so the application's calls for one
 * session never overlap and no transport waits behind another's handler (a monitor rather than a
 * {@code ReentrantLock}: 48 bytes less on every idle session).
 */
final class Inbox {
    private long received;
    /** Accepted and not yet handed on; null while empty, as it is on almost every idle session. */
    private ArrayDeque<Frame.Sequenced> undelivered;
    private boolean delivering;

    /**
     * Accepts the new sequenced frames of {@code frames}, then, outside the monitor, passes each unnumbered
     * frame to {@code transportFrame} and hands accepted frames to {@code accept} in order. Every caller passes
     * the same {@code accept}: frames accepted by one call may be handed on by another's.
     *
     * @return the new cumulative ack
     */
    long receive(List<Frame> frames, Consumer<Frame> transportFrame, Consumer<Frame.Sequenced> accept)
            throws ProtocolException {
        List<Frame> unnumbered = new ArrayList<>(0);
        long ack;
        synchronized (this) {
            checkContinuity(frames);
            for (Frame frame : frames) {
                if (!(frame instanceof Frame.Sequenced sequenced)) {
                    unnumbered.add(frame);
                } else if (sequenced.seq() == received + 1) {
                    received = sequenced.seq();
                    if (undelivered == null) {
                        undelivered = new ArrayDeque<>(4);
                    }
                    undelivered.addLast(sequenced);
                }
            }
            ack = received;
        }
        unnumbered.forEach(transportFrame);
        deliver(accept);
        return ack;
    }

    private void deliver(Consumer<Frame.Sequenced> accept) {
        synchronized (this) {
            if (delivering) {
                return;
            }
            delivering = true;
        }
        boolean done = false;
        try {
            while (true) {
                Frame.Sequenced next;
                synchronized (this) {
                    next = undelivered == null ? null : undelivered.pollFirst();
                    if (next == null) {
                        undelivered = null;
                        delivering = false;
                        done = true;
                        return;
                    }
                }
                accept.accept(next);
            }
        } finally {
            if (!done) {
                // accept threw: the next receive hands on what is left.
                synchronized (this) {
                    delivering = false;
                }
            }
        }
    }

    private void checkContinuity(List<Frame> frames) throws ProtocolException {
        long expected = received;
        for (Frame frame : frames) {
            if (frame instanceof Frame.Sequenced sequenced) {
                if (sequenced.seq() > expected + 1) {
                    throw new ProtocolException(ErrorCode.SEQUENCE_GAP, "sequenced frames must not skip numbers");
                }
                expected = Math.max(expected, sequenced.seq());
            }
        }
    }

    /** The highest client seq accepted. */
    synchronized long received() {
        return received;
    }
}
