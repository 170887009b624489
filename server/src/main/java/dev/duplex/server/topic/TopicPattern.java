package dev.duplex.server.topic;

/**
 * A wildcard over topic names, as Bayeux defines channel wildcards (Bayeux 1.0, section 2.2.1), written in topic
 * form: {@code chat/*} matches every topic one segment below {@code chat} ({@code chat/lobby}, not
 * {@code chat/lobby/x} and not {@code chat} itself); {@code chat/**} matches every topic any depth below it;
 * {@code *} and {@code **} match from the root. Matching is by whole segments, so {@code chat/*} never matches
 * {@code chatter/x}. Topic names cannot contain {@code *} ({@link TopicNames}), so a pattern is never a topic.
 *
 * <p>Patterns are not part of the Duplex wire protocol: only front doors (the Bayeux one) subscribe to them,
 * through the hub, and only where the handler's separate pattern authorizer allows.
 */
public final class TopicPattern {
    private final String pattern;
    /** Everything before the wildcard segment, with its trailing slash; empty for a root pattern. */
    private final String prefix;
    private final boolean deep;

    private TopicPattern(String pattern, String prefix, boolean deep) {
        this.pattern = pattern;
        this.prefix = prefix;
        this.deep = deep;
    }

    /** Whether {@code candidate} is a well-formed pattern. */
    public static boolean isValid(String candidate) {
        if (candidate == null) {
            return false;
        }
        String head;
        if (candidate.equals("*") || candidate.equals("**")) {
            return true;
        } else if (candidate.endsWith("/**")) {
            head = candidate.substring(0, candidate.length() - 3);
        } else if (candidate.endsWith("/*")) {
            head = candidate.substring(0, candidate.length() - 2);
        } else {
            return false;
        }
        return TopicNames.isValid(head) && candidate.length() <= TopicNames.MAX_LENGTH;
    }

    /**
     * Compiles a pattern.
     *
     * @throws IllegalArgumentException if it is not one ({@link #isValid})
     */
    public static TopicPattern of(String pattern) {
        if (!isValid(pattern)) {
            throw new IllegalArgumentException("not a topic pattern (e.g. chat/* or chat/**): " + pattern);
        }
        boolean deep = pattern.endsWith("**");
        String prefix = pattern.substring(0, pattern.length() - (deep ? 2 : 1));
        return new TopicPattern(pattern, prefix, deep);
    }

    /** Whether the topic {@code topic} matches. */
    public boolean matches(String topic) {
        if (topic == null || !topic.startsWith(prefix) || topic.length() == prefix.length()) {
            return false;
        }
        return deep || topic.indexOf('/', prefix.length()) < 0;
    }

    /** The pattern as written, e.g. {@code chat/*}. */
    public String pattern() {
        return pattern;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TopicPattern that && pattern.equals(that.pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
