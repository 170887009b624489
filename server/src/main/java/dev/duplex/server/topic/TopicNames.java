package dev.duplex.server.topic;

import java.util.regex.Pattern;

/**
 * Topic name rules: 1 to {@value #MAX_LENGTH} characters; segments of {@code [A-Za-z0-9_~.-]} separated by
 * single {@code /}; no empty, {@code .} or {@code ..} segment. There are no wildcards: a name matches only
 * itself, so matching is one hash lookup and authorization sees exactly the topic that will be used.
 */
public final class TopicNames {
    /** The longest topic name. */
    public static final int MAX_LENGTH = 128;
    private static final Pattern SEGMENTS = Pattern.compile("[A-Za-z0-9_~.-]+(/[A-Za-z0-9_~.-]+)*");

    private TopicNames() {
    }

    /** Whether {@code name} is a valid topic name. */
    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH || !SEGMENTS.matcher(name).matches()) {
            return false;
        }
        for (String segment : name.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks a name from server code.
     *
     * @throws IllegalArgumentException if it is invalid
     */
    public static String require(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("invalid topic name (see TopicNames): " + name);
        }
        return name;
    }
}
