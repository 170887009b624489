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
     * Judges {@code origin} for a request that arrived with {@code scheme} and {@code Host} header
     * {@code host}.
     */
    public Verdict judge(String origin, String scheme, String host) {
        if (origin == null) {
            return allowMissing ? Verdict.NO_ORIGIN : Verdict.DENIED;
        }
        if (host != null && origin.equalsIgnoreCase(scheme + "://" + host)) {
            return Verdict.SAME_ORIGIN;
        }
        if (host != null && isDefaultPort(scheme, host) && origin.equalsIgnoreCase(scheme + "://" + stripPort(host))) {
            return Verdict.SAME_ORIGIN;
        }
        return allowlist.contains(origin) ? Verdict.ALLOW_LISTED : Verdict.DENIED;
    }

    private static boolean isDefaultPort(String scheme, String host) {
        return scheme.equals("http") && host.endsWith(":80") || scheme.equals("https") && host.endsWith(":443");
    }

    private static String stripPort(String host) {
        return host.substring(0, host.lastIndexOf(':'));
    }
}
