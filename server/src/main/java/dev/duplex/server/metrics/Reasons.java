package dev.duplex.server.metrics;

import java.util.Locale;
import java.util.Set;

/** Turns the free-text reasons of transport changes and clients into short, bounded tag values. */
final class Reasons {
    /** What a client may report as the reason it is on long-polling (PROTOCOL.md section 5.2). */
    static final Set<String> FALLBACKS = Set.of("no_websocket", "remembered", "no_welcome", "error");

    private Reasons() {
    }

    /** {@code "connection closed (1006)"} becomes {@code connection_closed_1006}; at most 40 characters. */
    static String key(String reason) {
        if (reason == null || reason.isBlank()) {
            return "unknown";
        }
        String key = reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
        return key.isEmpty() ? "unknown" : key.substring(0, Math.min(40, key.length()));
    }

    /** A client's fallback reason if it is one of {@link #FALLBACKS}, else {@code other}. */
    static String fallback(String reason) {
        return FALLBACKS.contains(reason) ? reason : KeyedCounter.OTHER;
    }
}
