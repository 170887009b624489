package dev.duplex.server.http;

import java.util.Set;

/**
 * The one origin policy for the WebSocket upgrade and every long-poll request (PROTOCOL.md, section 7).
 *
 * <p>Same origin, or an exact allowlist entry. Never a pattern: suffix and prefix look-alikes, other ports,
 * other schemes and {@code null} are refused. A request with no {@code Origin} is a non-browser client or a
 * same-origin {@code GET}; it is allowed unless configured otherwise, since its session token travels in a
 * header no cross-site page can set.
 */
public final class OriginPolicy {
    private final Set<String> allowlist;
    private final boolean allowMissing;

    /** The verdict on one request. */
    public enum Verdict {
        /** No {@code Origin} header, and that is allowed. */
        NO_ORIGIN,
        /** The request's own origin. */
        SAME_ORIGIN,
        /** An allow-listed foreign origin: it gets CORS headers. */
        ALLOW_LISTED,
        /** Refused. */
        DENIED;

        /** Whether the request may proceed. */
        public boolean allowed() {
            return this != DENIED;
        }
    }

    public OriginPolicy(Set<String> allowlist, boolean allowMissing) {
        this.allowlist = Set.copyOf(allowlist);
        this.allowMissing = allowMissing;
    }

    /**
     * Judges {@code origin} for a request the container saw as {@code scheme://serverName:serverPort}.
     * Those are the servlet API's values, which containers derive from {@code Forwarded} /
     * {@code X-Forwarded-*} headers when told to trust them (Jetty's {@code ForwardedRequestCustomizer},
     * Tomcat's {@code RemoteIpValve}), so a page served over TLS by a proxy is still same-origin.
     */
    public Verdict judge(String origin, String scheme, String serverName, int serverPort) {
        if (origin == null) {
            return allowMissing ? Verdict.NO_ORIGIN : Verdict.DENIED;
        }
        if (origin.equalsIgnoreCase(originOf(scheme, serverName, serverPort))) {
            return Verdict.SAME_ORIGIN;
        }
        return allowlist.contains(origin) ? Verdict.ALLOW_LISTED : Verdict.DENIED;
    }

    /** The serialized origin: the port is omitted when it is the scheme's default, as browsers do. */
    static String originOf(String scheme, String host, int port) {
        String lower = scheme.toLowerCase(java.util.Locale.ROOT);
        boolean defaultPort = lower.equals("http") && port == 80 || lower.equals("https") && port == 443;
        String bracketed = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return lower + "://" + bracketed + (defaultPort || port <= 0 ? "" : ":" + port);
    }
}
