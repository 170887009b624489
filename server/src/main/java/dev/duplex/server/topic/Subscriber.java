package dev.duplex.server.topic;

/** A local subscriber to topics, as the {@link TopicIndex} sees it: something a publish is delivered to. */
public interface Subscriber {

    /**
     * Queues one topic delivery. {@code tail} is the encoded message after its sequence number, built once
     * per publish and shared by every subscriber (see {@code protocol.FastFrames#topicTail}). Must not block.
     */
    void deliver(String tail);

    /**
     * Queues one topic delivery that a networked broker numbered: as {@link #deliver(String)}, and the subscriber
     * remembers {@code mark} as the last publish of {@code topic} it got, if it took it. Must not block.
     */
    default void deliver(String tail, String topic, StreamMark mark) {
        deliver(tail);
    }

    /**
     * Publishes to {@code topic} may have been lost here (a broker's gap): queues a numbered {@code reset}
     * naming the topic, in its place among the topic's deliveries. Must not block.
     */
    void topicGap(String topic);
}
