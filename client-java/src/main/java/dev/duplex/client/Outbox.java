package dev.duplex.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The client's numbered frames that the server has not acked yet: its replay buffer (PROTOCOL.md section 4).
 * Thread-safe, so {@code send} can number a frame on the caller's thread and the order of calls is the order
 * of sequence numbers.
 */
final class Outbox {
    /** One numbered frame and its wire text. */
    record Entry(long seq, String wire) {
    }

    private final Deque<Entry> unacked = new ArrayDeque<>();
    private long nextSeq = 1;
    private long acked;

    /** Numbers a frame (built by {@code build} from its seq) and keeps it; returns its seq. */
    synchronized long add(LongFunction<String> build) {
        long seq = nextSeq++;
        unacked.addLast(new Entry(seq, build.apply(seq)));
        return seq;
    }

    /** Drops every frame up to {@code ack}; returns whether anything was dropped. */
    synchronized boolean ack(long ack) {
        if (ack <= acked) {
            return false;
        }
        acked = Math.min(ack, nextSeq - 1);
        while (!unacked.isEmpty() && unacked.peekFirst().seq() <= acked) {
            unacked.removeFirst();
        }
        return true;
    }

    synchronized long acked() {
        return acked;
    }

    synchronized int size() {
        return unacked.size();
    }

    /** The frames with seq > {@code after}, in order. */
    synchronized List<Entry> after(long after) {
        List<Entry> out = new ArrayList<>();
        for (Entry entry : unacked) {
            if (entry.seq() > after) {
                out.add(entry);
            }
        }
        return out;
    }
}
