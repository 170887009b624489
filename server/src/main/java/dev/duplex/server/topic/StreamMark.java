package dev.duplex.server.topic;

import java.util.Objects;

/**
 * Where a topic's stream stood at one publish, as a networked {@link Broker} numbers it: the stream's life
 * ({@code epoch}, new whenever its numbering started again) and the publish's {@code offset} within it. A session
 * keeps the mark of the last publish it got on each topic, so that the node it moves to can tell exactly which
 * publishes it still owes it (see {@link TopicIndex#follow}).
 *
 * @param epoch  names one life of the topic's stream
 * @param offset the publish's number in that life, from 1
 */
public record StreamMark(String epoch, long offset) {

    public StreamMark {
        Objects.requireNonNull(epoch, "epoch");
    }

    /** Whether {@code other} is a mark of the same life of the stream. */
    public boolean sameEpoch(StreamMark other) {
        return other != null && epoch.equals(other.epoch);
    }

    /** As text: {@code "<offset> <epoch>"}. */
    public String format() {
        return offset + " " + epoch;
    }

    /**
     * Reads {@link #format()}'s text.
     *
     * @throws IllegalArgumentException if it is not a mark
     */
    public static StreamMark parse(String text) {
        int space = text.indexOf(' ');
        if (space <= 0) {
            throw new IllegalArgumentException("not a stream mark: " + text);
        }
        try {
            return new StreamMark(text.substring(space + 1), Long.parseLong(text, 0, space, 10));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a stream mark: " + text, e);
        }
    }
}
