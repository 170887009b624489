package dev.duplex.bayeux.message;

import dev.duplex.server.topic.TopicNames;

/**
 * Bayeux channel names and Duplex topic names are the same thing written two ways: the channel
 * {@code /chat/lobby} is the topic {@code chat/lobby}. A channel whose topic form is not a valid Duplex topic
 * (characters outside {@code [A-Za-z0-9_~.-]}, too long) has no topic and is refused.
 */
public final class ChannelNames {
    private ChannelNames() {
    }

    /** The topic for a broadcast channel, or null if it has none. */
    public static String topicOf(String channel) {
        if (ChannelKind.of(channel) != ChannelKind.BROADCAST) {
            return null;
        }
        String topic = channel.substring(1);
        return TopicNames.isValid(topic) ? topic : null;
    }

    /** The channel for a topic. */
    public static String channelOf(String topic) {
        return "/" + topic;
    }
}
