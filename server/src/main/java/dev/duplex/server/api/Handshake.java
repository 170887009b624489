package dev.duplex.server.api;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the request that opened a channel carried, snapshot at that moment. Immutable.
 *
 * @param principal     the authenticated user, if the container authenticated one
 * @param headers       request headers; names in lower case
 * @param cookies       request cookies by name (the first of each name)
 * @param remoteAddress the peer's IP address as the container saw it (a proxy's, behind a proxy)
 * @param origin        the {@code Origin} header, or {@code null} when absent (non-browser clients)
 */
public record Handshake(Principal principal, Map<String, List<String>> headers, Map<String, String> cookies,
        String remoteAddress, String origin) {

    /**
     * Copies the maps so the snapshot cannot change under the application; names and values that repeat
     * across clients are shared, as every session keeps its handshake for life.
     */
    public Handshake {
        headers = SharedHeaders.copy(headers);
        origin = SharedHeaders.value(origin);
        cookies = Map.copyOf(cookies);
    }

    /** The first value of a header, looked up case-insensitively. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The authenticated user, if any. */
    public Optional<Principal> user() {
        return Optional.ofNullable(principal);
    }
}
