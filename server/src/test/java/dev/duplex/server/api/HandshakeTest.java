package dev.duplex.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandshakeTest {
    private static Handshake handshake(String userAgent, String cookie) {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put(new String("user-agent"), List.of(new String(userAgent)));
        headers.put(new String("cookie"), List.of(new String(cookie)));
        return new Handshake(null, headers, Map.of(), "127.0.0.1", new String("https://app.example"));
    }

    @Test
    void keepsWhatTheRequestCarried() {
        Handshake h = handshake("Agent/1", "a=1");
        assertEquals(Map.of("user-agent", List.of("Agent/1"), "cookie", List.of("a=1")), h.headers());
        assertEquals("Agent/1", h.header("User-Agent").orElseThrow());
        assertEquals("https://app.example", h.origin());
        assertThrows(UnsupportedOperationException.class, () -> h.headers().put("x", List.of()));
    }

    @Test
    void sessionsShareNamesAndRepeatingValuesButNeverSecrets() {
        Handshake first = handshake("Agent/2", "session=secret");
        Handshake second = handshake("Agent/2", "session=secret");
        assertSame(first.headers().get("user-agent"), second.headers().get("user-agent"));
        assertSame(first.origin(), second.origin());
        assertSame(key(first, "cookie"), key(second, "cookie"));
        assertNotSame(first.headers().get("cookie"), second.headers().get("cookie"));
    }

    private static String key(Handshake h, String name) {
        return h.headers().keySet().stream().filter(name::equals).findFirst().orElseThrow();
    }
}
