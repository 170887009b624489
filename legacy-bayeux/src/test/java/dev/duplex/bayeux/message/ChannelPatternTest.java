package dev.duplex.bayeux.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChannelPatternTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
        "/foo/*, /foo/bar, true",
        "/foo/*, /foo/bar/baz, false",
        "/foo/*, /foo, false",
        "/foo/*, /foobar/x, false",
        "/foo/*, /foo/*, false",
        "/foo/**, /foo/bar, true",
        "/foo/**, /foo/bar/baz, true",
        "/foo/**, /foo, false",
        "/foo/**, /foobar/baz, false",
        "/**, /anything/at/all, true",
        "/*, /top, true",
        "/*, /top/level, false",
    })
    void matchesBySegmentsAsTheSpecSays(String pattern, String channel, boolean matches) {
        assertEquals(matches, ChannelPattern.of(pattern).matches(channel));
    }

    @Test
    void onlyWildcardsCompile() {
        assertThrows(IllegalArgumentException.class, () -> ChannelPattern.of("/foo/bar"));
        assertThrows(IllegalArgumentException.class, () -> ChannelPattern.of("/foo/*/bar"));
        assertThrows(IllegalArgumentException.class, () -> ChannelPattern.of("/foo/b*"));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "/meta/handshake, META",
        "/service/echo, SERVICE",
        "/chat/lobby, BROADCAST",
        "/chat/*, WILDCARD",
        "/chat/**, WILDCARD",
        "/chat/*/x, INVALID",
        "/chat/***, INVALID",
        "chat/lobby, INVALID",
        "/chat/, INVALID",
        "/chat//x, INVALID",
        "/, INVALID",
    })
    void kindsByShape(String channel, ChannelKind kind) {
        assertEquals(kind, ChannelKind.of(channel));
    }

    @Test
    void channelsAreTopicsWithALeadingSlash() {
        assertEquals("chat/lobby", ChannelNames.topicOf("/chat/lobby"));
        assertEquals("/chat/lobby", ChannelNames.channelOf("chat/lobby"));
        assertEquals(null, ChannelNames.topicOf("/service/echo"), "service channels are not topics");
        assertEquals(null, ChannelNames.topicOf("/chat/*"), "wildcards are not topics");
        assertEquals(null, ChannelNames.topicOf("/chat/a b"), "outside the topic alphabet");
        assertFalse(ChannelNames.topicOf("/chat/" + "x".repeat(200)) != null, "too long for a topic");
        assertTrue(ChannelNames.topicOf("/a/b.c/d-e") != null);
    }
}
