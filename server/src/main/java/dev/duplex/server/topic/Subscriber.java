package dev.duplex.server.topic;

/** A local subscriber to topics, as the {@link TopicIndex} sees it: something a publish is delivered to. */
public interface Subscriber {

    /**
     * Queues one topic delivery. {@code tail} is the encoded message after its sequence number, built once
     * per publish and shared by every subscriber (see {@code protocol.FastFrames#topicTail}). Must not block.
     */
    void deliver(String tail);
}
