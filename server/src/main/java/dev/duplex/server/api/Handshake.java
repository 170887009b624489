package dev.duplex.server.api;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the request that opened a channel carried, snapshot at that moment. Immutable: the maps are copies.
 *
 * @param principal     the authenticated user, if the container authenticated one
 * @param headers       request headers; names in lower case
 * @param cookies       request cookies by name (the first of each name)
 * @param remoteAddress the peer's IP address as the container saw it (a proxy's, behind a proxy)
 * @param origin        the {@code Origin} header, or {@code null} when absent (non-browser clients)
 * @param httpSessionId the id of the request's {@code HttpSession}, or {@code null} if it had none. Duplex never
 *                      creates an HTTP session: a page that needs one creates it before connecting (e.g. at login)
 * @param httpSessionAttributes the attributes of that HTTP session named by the
 *                      {@link DuplexOptions#httpSessionAttributes()} option, as they were at this request (the
 *                      same objects, not copies); empty without an HTTP session, and absent names are left out
 *
 * <p>When the HTTP session ends (logout, invalidation, timeout), the Duplex channel is not affected: like
 * Spring's {@code HttpSessionHandshakeInterceptor}, this is a snapshot, and the channel has its own session
 * and resume window. {@link ChannelHandler#authorize} is asked again on every transport attach with a fresh
 * snapshot, in which {@code httpSessionId} is then {@code null} (or another id): a handler that ties channels
 * to the HTTP session refuses there, and so stops a logged-out client from resuming. To end channels at once,
 * close them from an {@code HttpSessionListener}.
 */
public record Handshake(Principal principal, Map<String, List<String>> headers, Map<String, String> cookies,
        String remoteAddress, String origin, String httpSessionId, Map<String, Object> httpSessionAttributes) {

    /**
     * Copies the maps so the snapshot cannot change under the application; names and values that repeat
     * across clients are shared, as every session keeps its handshake for life.
     *
     * @param principal             see {@link #principal()}
     * @param headers               see {@link #headers()}
     * @param cookies               see {@link #cookies()}
     * @param remoteAddress         see {@link #remoteAddress()}
     * @param origin                see {@link #origin()}
     * @param httpSessionId         see {@link #httpSessionId()}
     * @param httpSessionAttributes see {@link #httpSessionAttributes()}
     */
    public Handshake {
        headers = SharedHeaders.copy(headers);
        origin = SharedHeaders.value(origin);
        cookies = Map.copyOf(cookies);
        httpSessionAttributes = httpSessionAttributes == null ? Map.of() : Map.copyOf(httpSessionAttributes);
    }

    /**
     * A snapshot of a request without an HTTP session.
     *
     * @param cookies request cookies by name
     * @param headers request headers; names in lower case
     * @param origin the {@code Origin} header, or {@code null}
     * @param principal the authenticated user, or {@code null}
     * @param remoteAddress the peer's IP address
     */
    public Handshake(Principal principal, Map<String, List<String>> headers, Map<String, String> cookies,
            String remoteAddress, String origin) {
        this(principal, headers, cookies, remoteAddress, origin, null, Map.of());
    }

    /**
     * The HTTP session's id, if the request had one.
     *
     * @return the HTTP session's id, or empty
     */
    public Optional<String> httpSession() {
        return Optional.ofNullable(httpSessionId);
    }

    /**
     * A copied HTTP session attribute ({@link DuplexOptions#httpSessionAttributes()}), if it was set.
     *
     * @param name the attribute's name
     * @return its value, or empty if it was not set or not named in the option
     */
    public Optional<Object> httpSessionAttribute(String name) {
        return Optional.ofNullable(httpSessionAttributes.get(name));
    }

    /**
     * The first value of a header, looked up case-insensitively.
     *
     * @param name the header's name, in any case
     * @return its first value, or empty if the request had none
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * The authenticated user, if any.
     *
     * @return the authenticated user, or empty
     */
    public Optional<Principal> user() {
        return Optional.ofNullable(principal);
    }
}
