package dev.duplex.bayeux.message;

import dev.duplex.server.topic.TopicPattern;

/**
 * A Bayeux wildcard, matched as the specification says: {@code /foo/*} matches every channel one segment
 * below {@code /foo} ({@code /foo/bar}, not {@code /foo/bar/baz} and not {@code /foo}); {@code /foo/**}
 * matches every channel any depth below it. Matching is by whole segments: {@code /foo/*} never matches
 * {@code /foobar/x}. It is the hub's {@link TopicPattern} written as a channel.
 */
public final class ChannelPattern {
    private final String pattern;
    private final TopicPattern topics;

    private ChannelPattern(String pattern, TopicPattern topics) {
        this.pattern = pattern;
        this.topics = topics;
    }

    /**
     * Compiles a wildcard channel.
     *
     * @throws IllegalArgumentException if {@code pattern} is not a wildcard ({@link ChannelKind#WILDCARD}) whose
     *                                  segments are valid topic segments
     */
    public static ChannelPattern of(String pattern) {
        String topicForm = topicPatternOf(pattern);
        if (topicForm == null) {
            throw new IllegalArgumentException("not a Bayeux wildcard over topics: " + pattern);
        }
        return new ChannelPattern(pattern, TopicPattern.of(topicForm));
    }

    /** The hub's pattern for a wildcard channel ({@code /chat/*} is {@code chat/*}), or null if it has none. */
    public static String topicPatternOf(String channel) {
        if (ChannelKind.of(channel) != ChannelKind.WILDCARD) {
            return null;
        }
        String topicForm = channel.substring(1);
        return TopicPattern.isValid(topicForm) ? topicForm : null;
    }

    /** Whether the broadcast channel {@code channel} matches. */
    public boolean matches(String channel) {
        return channel != null && channel.startsWith("/") && channel.indexOf('*') < 0
                && topics.matches(channel.substring(1));
    }

    /** The pattern as written. */
    public String pattern() {
        return pattern;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
