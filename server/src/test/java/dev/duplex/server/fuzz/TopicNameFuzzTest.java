package dev.duplex.server.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.duplex.server.topic.TopicNames;

/**
 * Fuzz target for {@link TopicNames#isValid}, which judges every topic a client names in {@code sub},
 * {@code unsub} and {@code pub}. Property: it never throws, and agrees with an independent reading of the
 * rule (1 to 128 characters; segments of {@code [A-Za-z0-9_~.-]} separated by single {@code /}; no empty,
 * {@code .} or {@code ..} segment). {@link TopicNames#require} agrees with it.
 */
class TopicNameFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void isValid(byte[] data) {
        String name = FuzzInputs.text(data);
        boolean valid = TopicNames.isValid(name);
        boolean expected = oracle(name);
        if (valid != expected) {
            throw new AssertionError("isValid(" + name + ") = " + valid + ", the rule says " + expected);
        }
        try {
            if (!TopicNames.require(name).equals(name)) {
                throw new AssertionError("require changed the name");
            }
            if (!valid) {
                throw new AssertionError("require accepted an invalid name: " + name);
            }
        } catch (IllegalArgumentException refused) {
            if (valid) {
                throw new AssertionError("require refused a valid name: " + name, refused);
            }
        }
    }

    private static boolean oracle(String name) {
        if (name.isEmpty() || name.length() > TopicNames.MAX_LENGTH) {
            return false;
        }
        int segmentStart = 0;
        for (int i = 0; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == '/') {
                String segment = name.substring(segmentStart, i);
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    return false;
                }
                segmentStart = i + 1;
            } else if (!allowed(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean allowed(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '~'
                || c == '.' || c == '-';
    }
}
