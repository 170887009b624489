package dev.duplex.bayeux.message;

/**
 * A Bayeux wildcard, matched as the specification says: {@code /foo/*} matches every channel one segment
 * below {@code /foo} ({@code /foo/bar}, not {@code /foo/bar/baz} and not {@code /foo}); {@code /foo/**}
 * matches every channel any depth below it. Matching is by whole segments: {@code /foo/*} never matches
 * {@code /foobar/x}.
 */
public final class ChannelPattern {
    private final String pattern;
    private final String prefix;
    private final boolean deep;

    private ChannelPattern(String pattern) {
        this.pattern = pattern;
        this.deep = pattern.endsWith("/**");
        this.prefix = pattern.substring(0, pattern.lastIndexOf('/') + 1);
    }

    /**
     * Compiles a wildcard channel.
     *
     * @throws IllegalArgumentException if {@code pattern} is not a wildcard ({@link ChannelKind#WILDCARD})
     */
    public static ChannelPattern of(String pattern) {
        if (ChannelKind.of(pattern) != ChannelKind.WILDCARD) {
            throw new IllegalArgumentException("not a Bayeux wildcard: " + pattern);
        }
        return new ChannelPattern(pattern);
    }

    /** Whether the broadcast or service channel {@code channel} matches. */
    public boolean matches(String channel) {
        if (channel == null || !channel.startsWith(prefix) || channel.length() == prefix.length()
                || channel.indexOf('*') >= 0) {
            return false;
        }
        return deep || channel.indexOf('/', prefix.length()) < 0;
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
