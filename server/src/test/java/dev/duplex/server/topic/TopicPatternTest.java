package dev.duplex.server.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Topic patterns: Bayeux's wildcard rules (section 2.2.1) in topic form. */
class TopicPatternTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
        "chat/*, chat/lobby, true",
        "chat/*, chat/lobby/x, false",
        "chat/*, chat, false",
        "chat/*, chatter/x, false",
        "chat/**, chat/lobby, true",
        "chat/**, chat/lobby/x, true",
        "chat/**, chat, false",
        "chat/**, chatter/x, false",
        "a/b/*, a/b/c, true",
        "a/b/*, a/c/d, false",
        "*, top, true",
        "*, top/level, false",
        "**, any/depth/at/all, true",
    })
    void matchesWholeSegments(String pattern, String topic, boolean matches) {
        assertEquals(matches, TopicPattern.of(pattern).matches(topic));
    }

    @ParameterizedTest(name = "{0} is a pattern: {1}")
    @CsvSource({
        "chat/*, true",
        "chat/**, true",
        "*, true",
        "**, true",
        "chat/lobby, false",
        "chat/*/x, false",
        "chat/***, false",
        "chat/a*, false",
        "/chat/*, false",
        "../*, false",
        "chat//*, false",
    })
    void validity(String candidate, boolean valid) {
        assertEquals(valid, TopicPattern.isValid(candidate));
    }
}
