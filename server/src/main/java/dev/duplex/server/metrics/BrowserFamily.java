package dev.duplex.server.metrics;

/**
 * A browser's family from its {@code User-Agent}, coarse on purpose: enough to see that long-polling
 * clusters on one family (an old engine, a vendor's proxy), few enough values to keep figures bounded.
 */
public final class BrowserFamily {
    private BrowserFamily() {
    }

    /** One of {@code edge, opera, firefox, chromium, safari, other, unknown} (no header). */
    public static String of(String userAgent) {
        if (userAgent == null || userAgent.isEmpty()) {
            return "unknown";
        }
        // Order matters: Edge and Opera say Chrome too, Chrome says Safari too.
        if (userAgent.contains("Edg/")) {
            return "edge";
        }
        if (userAgent.contains("OPR/")) {
            return "opera";
        }
        if (userAgent.contains("Firefox/")) {
            return "firefox";
        }
        if (userAgent.contains("Chrome/") || userAgent.contains("Chromium/")) {
            return "chromium";
        }
        if (userAgent.contains("Safari/") || userAgent.contains("AppleWebKit/")) {
            return "safari";
        }
        return "other";
    }
}
