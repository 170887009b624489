package dev.duplex.server.session;

import dev.duplex.server.metrics.HubMetrics;
import dev.duplex.server.protocol.FastFrames;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.FrameCodec;
import dev.duplex.server.protocol.FrameList;
import dev.duplex.server.topic.StreamMark;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A session's outbound side: numbers server frames, keeps them until the client acknowledges them, and
 * hands transports batches starting wherever each transport's cursor stands. It is the only outbound queue of
 * numbered frames: the replay buffer and the send queue are the same frames. What belongs to one connection
 * (a WebSocket's pings, pongs and acks) stays with that connection's transport.
 *
 * <p>Bounded: past {@link Limits} the oldest frames are discarded and remembered as lost, so the next
 * batch from before them starts with a {@code reset} frame. Nothing disappears silently.
 */
public final class Outbox {
    /** The {@code reset} reason of a gap in a topic's stream, see {@link #appendReset}. */
    public static final String TOPIC_GAP = "topic_gap";
    private static final FrameCodec CODEC = new FrameCodec();

    private final Limits limits;
    /** The session's id, for the log line of a reset. */
    private final String sid;
    // Small to start with (they grow by doubling): an idle session holds nothing here, and the default
    // capacity of 16 would cost every idle session about 130 bytes.
    private final ArrayDeque<Entry> replay = new ArrayDeque<>(2);
    private long nextSeq = 1;
    private long lostThrough;
    /** The highest {@link #lostThrough} a reset was sent for: a replayed reset is not a new loss. */
    private long lossReported;
    /** The highest seq ever drained: draining one at or below it again is a replay. */
    private long drainedThrough;
    private long chars;
    /** Set by {@link #freeze}: the session moved to another node, which numbers its frames from now on. */
    private boolean sealed;
    /**
     * Per topic, the mark of the last numbered publish appended (a networked broker's; null until one comes):
     * it travels with the frozen outbox, so the session's next node knows which publishes it owes.
     */
    private Map<String, StreamMark> marks;

    /**
     * How much an outbox may hold. {@code global} is shared by every outbox of a hub, and so is
     * {@code metrics}, which counts replays and resets.
     */
    public record Limits(int maxFrames, long maxChars, AtomicLong global, long globalMaxChars, HubMetrics metrics) {
        /** Limits whose events nobody reads (tests). */
        public Limits(int maxFrames, long maxChars, AtomicLong global, long globalMaxChars) {
            this(maxFrames, maxChars, global, globalMaxChars, new HubMetrics("", () -> 0, census -> { }));
        }
    }

    /** One numbered frame: its text is {@code head + seq + tail}; the tail may be shared by many outboxes. */
    private record Entry(long seq, String head, String tail) {
        void appendTo(StringBuilder out) {
            out.append(head).append(seq).append(tail);
        }
    }

    /** What {@link #drain} produced: the text to write, and where the cursor moves. */
    public record Batch(String text, long nextCursor, int frames) {
        /** Whether there is nothing to write. */
        public boolean isEmpty() {
            return frames == 0;
        }
    }

    public Outbox(Limits limits) {
        this(limits, "-");
    }

    /** The outbox of session {@code sid}. */
    public Outbox(Limits limits, String sid) {
        this.limits = limits;
        this.sid = sid;
    }

    /**
     * What the append methods return once the outbox is {@link #freeze frozen}: the frame was not numbered. Every
     * number from the freeze on belongs to the node that took the session over, so a frame numbered here after it
     * would share its number with a different frame there, and a client, which drops a number it has seen, would
     * lose one of the two.
     */
    public static final long SEALED = -1;

    /** Numbers a message whose text after the sequence number is {@code tail}. Returns its seq, or {@link #SEALED}. */
    public synchronized long appendMessage(String tail) {
        return append(FastFrames.MSG_HEAD, tail);
    }

    /**
     * Numbers a topic delivery that a networked broker numbered {@code mark}, and remembers the mark with it, in
     * one step: a frozen outbox holds exactly the publishes its marks say. Returns its seq, or {@link #SEALED}.
     */
    public synchronized long appendPublish(String tail, String topic, StreamMark mark) {
        long seq = appendMessage(tail);
        if (seq != SEALED) {
            if (marks == null) {
                marks = new HashMap<>(2);
            }
            marks.put(topic, mark);
        }
        return seq;
    }

    /** The mark of the last numbered publish of {@code topic} appended, or null. */
    public synchronized StreamMark mark(String topic) {
        return marks == null ? null : marks.get(topic);
    }

    /** Numbers any sequenced frame; {@code template} carries seq 0, which is replaced. Returns its seq. */
    public synchronized long append(Frame.Sequenced template) {
        FastFrames.Split split = FastFrames.split(template, CODEC);
        return append(split.head(), split.tail());
    }

    /**
     * Numbers a {@code reset} that stands for a loss elsewhere (a gap in a topic's stream), not of this
     * outbox's frames: it takes the next seq N and reads {@code "from":N,"to":N}, so a client that accepts it
     * moves its {@code received} to N like after any reset, and a replay sends it again like any frame.
     */
    public synchronized long appendReset(String reason, List<String> topics) {
        if (sealed) {
            return SEALED;
        }
        long seq = nextSeq;
        String text = CODEC.encode(new Frame.Reset(reason, seq, seq, topics));
        String from = "\"from\":";
        int afterFrom = text.indexOf(from) + from.length();
        return append(text.substring(0, afterFrom), text.substring(afterFrom + Long.toString(seq).length()));
    }

    private long append(String head, String tail) {
        if (sealed) {
            return SEALED;
        }
        long seq = nextSeq++;
        replay.addLast(new Entry(seq, head, tail));
        chars += tail.length();
        limits.global().addAndGet(tail.length());
        evictOverflow();
        return seq;
    }

    private void evictOverflow() {
        // The newest frame always stays, so one oversized frame still gets through.
        while (replay.size() > 1 && (replay.size() > limits.maxFrames() || chars > limits.maxChars()
                || limits.global().get() > limits.globalMaxChars())) {
            Entry oldest = replay.removeFirst();
            forget(oldest);
            lostThrough = oldest.seq();
        }
    }

    private void forget(Entry entry) {
        chars -= entry.tail().length();
        limits.global().addAndGet(-entry.tail().length());
    }

    /** The client has every frame up to {@code ack}: they need no replay. Acks of the future are ignored. */
    public synchronized void acknowledge(long ack) {
        long upTo = Math.min(ack, nextSeq - 1);
        while (!replay.isEmpty() && replay.peekFirst().seq() <= upTo) {
            forget(replay.removeFirst());
        }
    }

    /** The highest seq handed out so far (0 before the first). */
    public synchronized long lastSeq() {
        return nextSeq - 1;
    }

    /** Whether a transport whose cursor is {@code cursor} has numbered frames to send. */
    public synchronized boolean hasWork(long cursor) {
        return cursor < nextSeq;
    }

    /**
     * Everything a transport at {@code cursor} should send next, up to {@code maxFrames} numbered frames, as a
     * JSON array (a long-poll response).
     *
     * @param topics the session's topics, for a {@code reset} frame
     */
    public Batch drain(long cursor, int maxFrames, Supplier<List<String>> topics) {
        FrameList frames = new FrameList();
        long next = drainTo(frames, cursor, maxFrames, topics);
        return new Batch(frames.array(), next, frames.count());
    }

    /**
     * Adds to {@code frames} everything a transport at {@code cursor} should send next, up to {@code maxFrames}
     * numbered frames, led by a {@code reset} if frames from the cursor on were discarded.
     *
     * @return the cursor after the frames added
     */
    public synchronized long drainTo(FrameList frames, long cursor, int maxFrames, Supplier<List<String>> topics) {
        long next = Math.max(cursor, 1);
        if (next <= lostThrough) {
            frames.add(CODEC.encode(new Frame.Reset("overflow", next, lostThrough, topics.get())));
            if (lostThrough > lossReported) {
                lossReported = lostThrough;
                limits.metrics().reset(sid, "overflow", next, lostThrough);
            }
            next = lostThrough + 1;
        }
        int numbered = 0;
        int replayed = 0;
        for (Iterator<Entry> it = replay.iterator(); it.hasNext() && numbered < maxFrames;) {
            Entry entry = it.next();
            if (entry.seq() >= next) {
                entry.appendTo(frames.next());
                numbered++;
                if (entry.seq() <= drainedThrough) {
                    replayed++;
                }
                next = entry.seq() + 1;
            }
        }
        drainedThrough = Math.max(drainedThrough, next - 1);
        if (replayed > 0) {
            limits.metrics().replayed(replayed);
        }
        return next;
    }

    /** Frees this outbox's share of the global budget; called once when the session ends. */
    public synchronized void release() {
        limits.global().addAndGet(-chars);
        chars = 0;
        replay.clear();
    }

    /** One unacknowledged frame as a hand-off carries it: its text is {@code head + seq + tail}. */
    public record Held(long seq, String head, String tail) { }

    /**
     * The outbox as another node needs it to carry on: the next seq, the last seq lost to overflow, and every
     * frame not yet acknowledged.
     */
    public record Frozen(long nextSeq, long lostThrough, List<Held> frames, Map<String, StreamMark> marks) {
        public Frozen {
            frames = List.copyOf(frames);
            marks = Map.copyOf(marks);
        }
    }

    /**
     * This outbox's numbering and unacknowledged frames, for a hand-off. From now on it numbers nothing: every
     * append answers {@link #SEALED}, and the caller sends the frame after the session instead.
     */
    public synchronized Frozen freeze() {
        sealed = true;
        List<Held> frames = new ArrayList<>(replay.size());
        for (Entry entry : replay) {
            frames.add(new Held(entry.seq(), entry.head(), entry.tail()));
        }
        return new Frozen(nextSeq, lostThrough, frames, marks == null ? Map.of() : marks);
    }

    /** Takes over a handed-off outbox: numbering goes on where it stopped, and its frames are replayed. */
    public synchronized void thaw(Frozen frozen) {
        nextSeq = frozen.nextSeq();
        lostThrough = frozen.lostThrough();
        marks = frozen.marks().isEmpty() ? null : new HashMap<>(frozen.marks());
        for (Held held : frozen.frames()) {
            replay.addLast(new Entry(held.seq(), held.head(), held.tail()));
            chars += held.tail().length();
            limits.global().addAndGet(held.tail().length());
        }
        evictOverflow();
    }

    /** Characters held for replay (for metrics). */
    public synchronized long chars() {
        return chars;
    }

    /** Frames held for replay (for tests and metrics). */
    public synchronized int size() {
        return replay.size();
    }
}
