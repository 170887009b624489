package dev.duplex.redis;

import dev.duplex.server.topic.StreamMark;

/**
 * One publish as it travels through Redis: {@code "<offset> <epoch> <payload>"}, written by the publish script
 * and read by every subscribing node.
 *
 * @param offset  the topic's sequence number of this publish, from 1 within an epoch
 * @param epoch   names one life of the topic's stream; a new epoch means offsets started again
 * @param payload the JSON payload, as published
 */
record Publication(long offset, String epoch, String payload) {

    /**
     * Parses the wire form.
     *
     * @throws IllegalArgumentException if it is not one
     */
    static Publication parse(String message) {
        int first = message.indexOf(' ');
        int second = first < 0 ? -1 : message.indexOf(' ', first + 1);
        if (second < 0) {
            throw new IllegalArgumentException("not a Duplex publication");
        }
        try {
            return new Publication(Long.parseLong(message, 0, first, 10), message.substring(first + 1, second),
                    message.substring(second + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a Duplex publication", e);
        }
    }

    /** Where the topic's stream stood at this publish. */
    StreamMark mark() {
        return new StreamMark(epoch, offset);
    }

    /** The wire form. */
    String format() {
        return offset + " " + epoch + " " + payload;
    }
}
