package dev.duplex.server.topic;

import dev.duplex.server.protocol.FastFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A subscriber that moved here from another node, on one topic, until this node's deliveries carry on exactly
 * where its old node's stopped. The two nodes' streams of a topic are the same publishes in the same order, but
 * not at the same moment: this one may be behind the other (then the publishes the subscriber already got come
 * again here, and are dropped) or ahead of it, or not subscribed at all until now (then the publishes in between
 * are read from the broker's history and delivered first). A hole that history cannot fill is announced with a
 * {@code reset} naming the topic: never silence, never a publish twice.
 *
 * <p>Not thread-safe: {@link TopicIndex} calls it under the topic's lock.
 */
final class Follower {

    /** Where a follower stands. */
    enum State {
        /** Deliveries are compared with the last mark: older ones dropped, the next one ends the following. */
        FOLLOWING,
        /** The broker's history is being read: deliveries are held until it comes. */
        FETCHING,
        /** Carries on as any subscriber: the index forgets it. */
        CAUGHT_UP;

        State moveTo(State next) {
            boolean allowed = switch (this) {
                case FOLLOWING -> next == FETCHING || next == CAUGHT_UP;
                case FETCHING -> next == FOLLOWING || next == CAUGHT_UP;
                case CAUGHT_UP -> false;
            };
            if (!allowed) {
                throw new IllegalStateException("a follower cannot go from " + this + " to " + next);
            }
            return next;
        }
    }

    /** A delivery held while history is read; a null tail stands for a gap the broker announced meanwhile. */
    private record Held(String tail, StreamMark mark) { }

    private final String topic;
    private final Subscriber subscriber;
    private final TopicIndex.HistoryReader history;
    private StreamMark last;
    private State state = State.FOLLOWING;
    private final List<Held> held = new ArrayList<>();

    /**
     * {@code last}: the mark of the last publish of {@code topic} that {@code subscriber} got on its old node;
     * {@code history}: reads what it missed from the broker.
     */
    Follower(String topic, Subscriber subscriber, StreamMark last, TopicIndex.HistoryReader history) {
        this.topic = topic;
        this.subscriber = subscriber;
        this.last = last;
        this.history = history;
    }

    State state() {
        return state;
    }

    /** Reads the publishes after the last one the subscriber got ({@link #fetched} takes them). */
    CompletionStage<Broker.History> readHistory() {
        return history.since(topic, last);
    }

    /** Reads history now, before any delivery: this node's stream is ahead of the mark, or its place unknown. */
    void fetching() {
        state = state.moveTo(State.FETCHING);
    }

    /** A publish delivered on this node. Returns the state after it: {@code FETCHING} asks for history. */
    State offer(String tail, StreamMark mark) {
        if (state == State.FETCHING) {
            held.add(new Held(tail, mark));
        } else if (last != null && last.sameEpoch(mark) && mark.offset() > last.offset() + 1) {
            held.add(new Held(tail, mark)); // a hole before it: history first
            state = state.moveTo(State.FETCHING);
        } else {
            accept(tail, mark, true);
        }
        return state;
    }

    /**
     * This node's stream (re)started at {@code mark}: the publishes up to it will not be delivered here. Returns
     * the state after it: {@code FETCHING} if the subscriber misses some of them.
     */
    State positioned(StreamMark mark) {
        if (state == State.FOLLOWING && last != null && last.sameEpoch(mark) && mark.offset() > last.offset()) {
            state = state.moveTo(State.FETCHING);
        }
        return state;
    }

    /** The broker announced a gap on this node's stream. */
    void gap() {
        if (state == State.FETCHING) {
            held.add(new Held(null, null));
        } else {
            announceGap();
        }
    }

    /**
     * The history read after {@link #last()}, or null if it could not be read: delivers what the subscriber
     * misses from it, then what was held meanwhile. Returns the state after it.
     */
    State fetched(Broker.History history) {
        state = state.moveTo(State.FOLLOWING);
        if (history == null || !last.epoch().equals(history.epoch())) {
            // The stream the subscriber followed is gone, or out of reach: say so, once, and carry on from here.
            subscriber.topicGap(topic);
            last = null;
        } else {
            for (Broker.Marked publish : history.publishes()) {
                accept(FastFrames.topicTail(topic, publish.payloadJson()), publish.mark(), false);
            }
        }
        List<Held> waiting = List.copyOf(held);
        held.clear();
        for (Held delivery : waiting) {
            if (delivery.tail() == null) {
                announceGap();
            } else if (state == State.FOLLOWING) {
                accept(delivery.tail(), delivery.mark(), true);
            } else {
                subscriber.deliver(delivery.tail(), topic, delivery.mark());
            }
        }
        return state;
    }

    /** Announces this node's gap; what comes next carries on from it, with no second reset for the same hole. */
    private void announceGap() {
        subscriber.topicGap(topic);
        last = null;
    }

    /**
     * Delivers unless the subscriber got it already; a hole history could not fill is announced first. A
     * {@code live} delivery (this node's stream, not history) that goes on from the last one ends the following:
     * this node's stream is in order, so what comes after it is the subscriber's as it comes.
     */
    private void accept(String tail, StreamMark mark, boolean live) {
        boolean sameStream = last != null && mark != null && last.sameEpoch(mark);
        if (sameStream && mark.offset() <= last.offset()) {
            return; // got it on its old node, or from history
        }
        if (last != null && (!sameStream || mark.offset() > last.offset() + 1)) {
            subscriber.topicGap(topic); // trimmed from history, or another life of the stream
        }
        subscriber.deliver(tail, topic, mark);
        last = mark;
        if (live && state == State.FOLLOWING) {
            state = state.moveTo(State.CAUGHT_UP);
        }
    }
}
