package dev.duplex.server.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared copy of what many handshakes carry alike: header names, and the values of headers that repeat
 * from client to client (host, origin, user agent, accept…). Every session keeps its {@link Handshake} for
 * its whole life, so without this ten thousand idle sessions hold ten thousand copies of the same strings.
 *
 * <p>Bounded, and only for the headers listed: values that are secret (cookies, authorization, Duplex's
 * token) or unique per request (WebSocket keys) are never kept here, and could not fill it.
 */
final class SharedHeaders {
    private static final int MAX_ENTRIES = 4_096;
    private static final int MAX_CHARS = 512;
    private static final Set<String> REPEATING = Set.of("host", "origin", "user-agent", "accept", "accept-encoding",
            "accept-language", "cache-control", "pragma", "connection", "upgrade", "content-type",
            "sec-websocket-version", "sec-websocket-extensions", "sec-fetch-site", "sec-fetch-mode",
            "sec-fetch-dest", "sec-ch-ua", "sec-ch-ua-mobile", "sec-ch-ua-platform");
    private static final Map<Object, Object> SHARED = new ConcurrentHashMap<>();

    private SharedHeaders() {
    }

    /** An immutable copy of {@code headers}, sharing names and repeating values with earlier handshakes. */
    static Map<String, List<String>> copy(Map<String, List<String>> headers) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            List<String> immutable = List.copyOf(values);
            copy.put(share(name), REPEATING.contains(name) ? share(immutable) : immutable);
        });
        return Map.copyOf(copy);
    }

    /** The shared copy of {@code value} (an origin, say), or {@code value} itself. */
    static String value(String value) {
        return value == null ? null : share(value);
    }

    @SuppressWarnings("unchecked")
    private static <T> T share(T value) {
        if (value.toString().length() > MAX_CHARS) {
            return value;
        }
        Object shared = SHARED.get(value);
        if (shared != null) {
            return (T) shared;
        }
        if (SHARED.size() >= MAX_ENTRIES) {
            return value;
        }
        shared = SHARED.putIfAbsent(value, value);
        return shared == null ? value : (T) shared;
    }
}
