package dev.duplex.server.topic;

/** A local subscriber to topics, as the {@link TopicIndex} sees it: something a publish is delivered to. */
public interface Subscriber {

    /**
     * Queues one topic delivery. {@code tail} is the encoded message after its sequence number, built once
     * per publish and shared by every subscriber (see {@code protocol.FastFrames#topicTail}). Must not block.
     */
    void deliver(String tail);

    /**
     * Publishes to {@code topic} may have been lost here (a broker's gap): queues a numbered {@code reset}
     * naming the topic, in its place among the topic's deliveries. Must not block.
     */
    void topicGap(String topic);
}
