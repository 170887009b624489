package dev.duplex.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * One node's continuity check for one topic: delivers each publication once, in offset order, and reports a
 * gap when it cannot. Redis pub/sub loses messages while a connection is down; the publish script numbers
 * them (offset), names the stream's life (epoch) and keeps a short history, so after every (re)subscription
 * this stream reads the position and the history it missed, fills the hole from history when it can, and
 * otherwise reports the gap.
 *
 * <p>Not thread-safe: the broker calls it from its one serial thread.
 */
final class TopicStream {

    /** What a stream does to the world. */
    interface Sink {
        /** Delivers one publication to the local subscribers. */
        void deliver(Publication publication);

        /**
         * The stream (re)started after the publication numbered {@code offset} of {@code epoch}: those up to it
         * are not delivered here. The default ignores it.
         */
        default void positioned(String epoch, long offset) {
        }

        /** Tells the local subscribers that publications may have been lost here. */
        void gap();

        /** Asks for the position, and the history after {@code since}; answer {@link #position}. */
        void requestPosition(long generation, long since);
    }

    /**
     * A topic's stream in Redis, read atomically.
     *
     * @param epoch   null if the topic has no stream (never published, expired, or Redis restarted empty)
     * @param offset  the last offset handed out
     * @param history the publications after the offset asked for, oldest first (may start later: trimmed)
     */
    record Position(String epoch, long offset, List<Publication> history) { }

    private final Sink sink;
    private StreamState state = StreamState.SYNCING;
    private long generation;
    /** The epoch of the last delivered publication; null before the first sync. */
    private String epoch;
    private long last;
    private boolean synced;
    /**
     * Set when a sync started the stream at the position read ({@link #startFrom}) with nothing received yet. Pub/sub
     * and the position travel on different connections: publications made after the subscription took effect may
     * still be on their way when a later position arrives. Until the first one arrives, one at or below the position
     * is such a publication, not a duplicate: the stream starts just before it.
     */
    private boolean tentative;
    private final List<Publication> waiting = new ArrayList<>();

    TopicStream(Sink sink) {
        this.sink = sink;
    }

    StreamState state() {
        return state;
    }

    /** The channel was (re)subscribed: anything may have been missed since the last publication. */
    void subscribed() {
        sync();
    }

    private void sync() {
        state = state.moveTo(StreamState.SYNCING);
        sink.requestPosition(++generation, synced ? last : 0);
    }

    /** A publication arrived over pub/sub. */
    void message(Publication publication) {
        if (state == StreamState.SYNCING) {
            waiting.add(publication);
        } else if (publication.epoch().equals(epoch)) {
            if (publication.offset() == last + 1) {
                accept(publication);
            } else if (tentative && publication.offset() <= last) {
                last = publication.offset() - 1;
                accept(publication);
            } else if (publication.offset() > last + 1) {
                waiting.add(publication);
                sync();
            }
            // An offset at or below the last is a duplicate: dropped.
        } else if (publication.offset() == 1) {
            // A new stream while this node stayed subscribed (the meta expired, or was flushed): pub/sub went on
            // all along, so nothing was missed; it starts at 1.
            epoch = publication.epoch();
            accept(publication);
        } else {
            waiting.add(publication);
            sync();
        }
    }

    /** The position asked for with {@code forGeneration}; a stale answer is ignored. */
    void position(long forGeneration, Position position) {
        if (forGeneration != generation || state != StreamState.SYNCING) {
            return;
        }
        boolean sameStream = synced && position.epoch() != null && position.epoch().equals(epoch);
        if (!sameStream) {
            if (synced) {
                // Another epoch: the stream we followed is gone, with whatever we had not received.
                sink.gap();
            }
            startFrom(position);
        } else {
            catchUp(position);
        }
        synced = true;
        state = state.moveTo(StreamState.LIVE);
        List<Publication> buffered = List.copyOf(waiting);
        waiting.clear();
        for (Publication publication : buffered) {
            if (state == StreamState.LIVE) {
                message(publication);
            } else {
                waiting.add(publication);
            }
        }
    }

    /** A first sync, or a new epoch: continuity starts with the first publication received after subscribing. */
    private void startFrom(Position position) {
        epoch = position.epoch();
        last = position.offset();
        tentative = waiting.isEmpty();
        if (!waiting.isEmpty()) {
            Publication first = waiting.get(0);
            if (first.epoch().equals(epoch) && first.offset() <= last) {
                last = first.offset() - 1;
            } else if (!first.epoch().equals(epoch)) {
                epoch = first.epoch();
                last = first.offset() - 1;
            }
        }
        if (epoch != null) {
            // Even when tentative (one at or below it may still come): a subscriber that moved here reads what it
            // misses up to here from history, and drops what then comes twice.
            sink.positioned(epoch, last);
        }
    }

    /** The same epoch: fill the hole from history, or report it. */
    private void catchUp(Position position) {
        if (position.offset() <= last) {
            return;
        }
        List<Publication> history = position.history();
        if (history.isEmpty() || history.get(0).offset() != last + 1) {
            sink.gap();
            last = history.isEmpty() ? position.offset() : history.get(0).offset() - 1;
        }
        for (Publication publication : history) {
            if (publication.offset() == last + 1) {
                accept(publication);
            }
        }
    }

    /** The position could not be read (Redis slow or down): the caller asks again later. */
    boolean stillSyncing(long forGeneration) {
        return forGeneration == generation && state == StreamState.SYNCING;
    }

    private void accept(Publication publication) {
        tentative = false;
        last = publication.offset();
        sink.deliver(publication);
    }
}
