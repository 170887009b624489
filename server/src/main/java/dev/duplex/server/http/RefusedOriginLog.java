package dev.duplex.server.http;

import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Tells the server's log about refused origins, which browsers report only as a vague CORS failure in the
 * page's console: each origin at most once a minute, so an operator sees a misconfiguration and a flood does
 * not fill the disk. Memory is bounded: the origins remembered are capped (least recently logged go first),
 * and so are the lines per minute, whatever number of origins a client invents.
 */
public final class RefusedOriginLog {
    private static final System.Logger LOG = System.getLogger(RefusedOriginLog.class.getName());
    static final long QUIET_MILLIS = 60_000;
    static final int MAX_REMEMBERED = 1_000;
    static final int MAX_LINES_PER_MINUTE = 100;
    private static final int MAX_SHOWN_CHARS = 100;

    private final LongSupplier clock;
    private final Map<String, Long> lastLogged = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };
    private long windowStart;
    private int linesInWindow;
    private int suppressed;

    /** Remembers times on {@code clock} (the hub's scheduler, so tests can move it). */
    public RefusedOriginLog(LongSupplier clock) {
        this.clock = clock;
    }

    /** A request to the mount at {@code mount} (its full path) from {@code origin} (null: none) was refused. */
    public void refused(String mount, String origin) {
        String key = origin == null ? "" : shown(origin);
        int alsoSuppressed;
        synchronized (this) {
            long now = clock.getAsLong();
            Long last = lastLogged.get(key);
            if (last != null && now - last < QUIET_MILLIS) {
                return;
            }
            if (linesInWindow == 0 || now - windowStart >= QUIET_MILLIS) {
                windowStart = now;
                linesInWindow = 0;
            }
            if (linesInWindow >= MAX_LINES_PER_MINUTE) {
                suppressed++;
                return;
            }
            linesInWindow++;
            lastLogged.put(key, now);
            alsoSuppressed = suppressed;
            suppressed = 0;
        }
        LOG.log(Level.WARNING, message(mount, origin == null ? null : key)
                + (alsoSuppressed == 0 ? "" : " (" + alsoSuppressed + " other refused origins were not logged)"));
    }

    /** How many origins are remembered (for tests of the bound). */
    synchronized int remembered() {
        return lastLogged.size();
    }

    private static String message(String mount, String origin) {
        if (origin == null) {
            return "Duplex mount " + mount + " refused a request without an Origin header, because"
                    + " allowMissingOrigin is false. Logged at most once a minute.";
        }
        return "Duplex mount " + mount + " refused a request from Origin " + origin + ": it is neither this"
                + " server's own origin nor listed in the allowedOrigins setting (DuplexOptions.allowedOrigins, or"
                + " the allowedOrigins init-param in web.xml). If that page is yours, add the origin there. Each"
                + " refused origin is logged at most once a minute.";
    }

    /** The origin as it may appear in a log: printable ASCII, cut short; a client chose these bytes. */
    private static String shown(String origin) {
        StringBuilder out = new StringBuilder(Math.min(origin.length(), MAX_SHOWN_CHARS + 3));
        for (int i = 0; i < origin.length() && out.length() < MAX_SHOWN_CHARS; i++) {
            char c = origin.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return origin.length() > MAX_SHOWN_CHARS ? out.append("...").toString() : out.toString();
    }
}
