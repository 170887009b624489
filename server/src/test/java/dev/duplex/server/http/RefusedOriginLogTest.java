package dev.duplex.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.testing.LogCapture;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** Refused origins reach the log once per origin per minute, on an injected clock, in bounded memory. */
class RefusedOriginLogTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final RefusedOriginLog log = new RefusedOriginLog(now::get);

    @Test
    void eachOriginIsLoggedOncePerMinuteNamingTheSetting() {
        try (LogCapture capture = new LogCapture(RefusedOriginLog.class.getName())) {
            log.refused("/app/chat", "https://evil.example");
            log.refused("/app/chat", "https://evil.example");
            log.refused("/app/chat", "https://other.example");
            now.addAndGet(59_999);
            log.refused("/app/chat", "https://evil.example");
            List<String> lines = capture.messages(Level.WARNING);
            assertEquals(2, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("/app/chat") && lines.get(0).contains("https://evil.example")
                    && lines.get(0).contains("allowedOrigins"), lines.get(0));
            assertTrue(lines.get(1).contains("https://other.example"), lines.get(1));
            now.addAndGet(1);
            log.refused("/app/chat", "https://evil.example");
            assertEquals(3, capture.messages(Level.WARNING).size());
        }
    }

    @Test
    void aMissingOriginNamesAllowMissingOrigin() {
        try (LogCapture capture = new LogCapture(RefusedOriginLog.class.getName())) {
            log.refused("/app/chat", null);
            log.refused("/app/chat", null);
            assertEquals(1, capture.containing(Level.WARNING, "allowMissingOrigin is false").size());
        }
    }

    @Test
    void inventedOriginsCostBoundedMemoryAndBoundedLines() {
        try (LogCapture capture = new LogCapture(RefusedOriginLog.class.getName())) {
            for (int i = 0; i < 5_000; i++) {
                log.refused("/app/chat", "https://x" + i + ".example\r\nforged: line");
            }
            assertTrue(log.remembered() <= RefusedOriginLog.MAX_REMEMBERED, "remembered " + log.remembered());
            List<String> lines = capture.messages(Level.WARNING);
            assertEquals(RefusedOriginLog.MAX_LINES_PER_MINUTE, lines.size());
            assertTrue(lines.stream().noneMatch(l -> l.contains("\n") || l.contains("\r")), "no forged lines");
            now.addAndGet(RefusedOriginLog.QUIET_MILLIS);
            log.refused("/app/chat", "https://late.example");
            String last = capture.messages(Level.WARNING).get(lines.size());
            assertTrue(last.contains((5_000 - RefusedOriginLog.MAX_LINES_PER_MINUTE) + " other refused origins"),
                    last);
        }
    }
}
