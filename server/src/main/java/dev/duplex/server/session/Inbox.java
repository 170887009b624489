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
 * replay after a switch) are dropped; a gap is refused before any frame of its batch takes effect, except
 * while the {@link InboundPacer} has the session slowed, when frames after a refused one are still in flight.
 *
 * <p>Its monitor guards only the sequence bookkeeping, never a call out: no application callback and no I/O
 * runs under it. Accepted frames are handed on in order by one thread at a time; a thread that finds another
 * handing on leaves its frames to that thread and returns at once, so the application's calls for one
 * session never overlap and no transport waits behind another's handler (a monitor rather than a
 * {@code ReentrantLock}: 48 bytes less on every idle session).
 */
final class Inbox {
    private final InboundPacer pacer;
    private long received;
    /** Accepted and not yet handed on; null while empty, as it is on almost every idle session. */
    private ArrayDeque<Frame.Sequenced> undelivered;
    private boolean delivering;
    /** Set when the session is handed to another node: from then on, client frames go there. */
    private boolean sealed;

    Inbox(InboundPacer pacer) {
        this.pacer = pacer;
    }

    /** What one message of client frames came to: the new ack, and the advice to slow down (ms, 0: none). */
    record Outcome(long ack, long slowRetry) { }

    /**
     * Accepts the new sequenced frames of {@code frames} within the rate cap, then, outside the monitor, passes
     * each unnumbered frame to {@code transportFrame} and hands accepted frames to {@code accept} in order. The
     * first sequenced frame over the cap, and every later one of the message, are discarded unacked. Every
     * caller passes the same {@code accept}: frames accepted by one call may be handed on by another's.
     */
    Outcome receive(List<Frame> frames, long now, Consumer<Frame> transportFrame,
            Consumer<Frame.Sequenced> accept) throws ProtocolException {
        List<Frame> unnumbered = new ArrayList<>(0);
        Outcome outcome;
        synchronized (this) {
            if (sealed) {
                // Taken by no one here: the session is moving to another node, not gone, so the refusal is a
                // transient one (503, 1013), after which the client re-sends it to the node that holds it then.
                throw new ProtocolException(ErrorCode.NODE_UNAVAILABLE, "the session is moving to another node");
            }
            if (!pacer.slowed()) {
                checkContinuity(frames);
            }
            pacer.begin();
            boolean refusing = false;
            for (Frame frame : frames) {
                if (frame instanceof Frame.Sequenced sequenced) {
                    if (sequenced.seq() <= received) {
                        continue;
                    }
                    if (!refusing && sequenced.seq() == received + 1 && pacer.admit(now, true)) {
                        received = sequenced.seq();
                        if (undelivered == null) {
                            undelivered = new ArrayDeque<>(4);
                        }
                        undelivered.addLast(sequenced);
                    } else {
                        refusing = true;
                        pacer.discard(now);
                    }
                } else if (frame instanceof Frame.Ack || pacer.admit(now, false)) {
                    unnumbered.add(frame);
                } else {
                    pacer.discard(now);
                }
            }
            outcome = new Outcome(received, pacer.advice(now));
        }
        unnumbered.forEach(transportFrame);
        deliver(accept);
        return outcome;
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

    /** Whether every accepted frame has been handed on. */
    synchronized boolean idle() {
        return !delivering && undelivered == null;
    }

    /** Takes no frame from now on (the session moves); returns the highest client seq accepted. */
    synchronized long seal() {
        sealed = true;
        return received;
    }

    /** Takes over a handed-off inbox: the client's frames up to {@code seq} were accepted by another node. */
    synchronized void resumeAfter(long seq) {
        received = seq;
    }

    /** The highest client seq accepted. */
    synchronized long received() {
        return received;
    }
}
