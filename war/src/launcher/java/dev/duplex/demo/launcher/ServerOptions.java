package dev.duplex.demo.launcher;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Duplex server options the launcher takes on its command line, {@code --kebab-case=value}, one for each
 * {@code DuplexOptions} option but the scheduler. The launcher uses only the JDK, so it cannot read
 * {@code DuplexOptions} itself; {@code LauncherOptionsIT} checks that this table names every one of them.
 * Values are passed on unparsed, as servlet-context init-parameters {@code duplex.<option>}: the webapp
 * parses them as {@code web.xml} init-params, and a bad one fails the start with the option's name.
 */
final class ServerOptions {
    /** Context init-parameter prefix the demo webapp reads its options from. */
    static final String PREFIX = "duplex.";

    /** Option name (as in DuplexOptions and web.xml) to a one-line description with its default. */
    static final Map<String, String> HELP = new LinkedHashMap<>();

    static {
        HELP.put("allowedOrigins", "cross-origin Origins allowed, comma-separated, exact match; default none");
        HELP.put("allowMissingOrigin", "allow requests without Origin (non-browser clients); default true");
        HELP.put("heartbeatMillis", "longest a transport may stay silent; default 25000");
        HELP.put("heartbeatTimeoutMillis", "further silence before a transport is dead; default 20000");
        HELP.put("pollTimeoutMillis", "longest a long-poll is parked; default 25000");
        HELP.put("resumeWindowMillis", "how long a session without transport is kept; default 120000");
        HELP.put("maxMessageChars", "largest payload, characters of its JSON; default 65536 (/chat: 4096)");
        HELP.put("maxPostBytes", "largest POST body or WebSocket message, bytes; default 1048576");
        HELP.put("maxBatch", "most frames per POST body or WebSocket message; default 100");
        HELP.put("maxInboundPerSecond", "client frames per second and session before 'slow'; default 1000");
        HELP.put("maxPollsPerAddress", "parked polls per remote address; default 1000");
        HELP.put("maxBundle", "sessions per bundled poll (tabs sharing one connection); default 16");
        HELP.put("replayMaxFrames", "unacknowledged frames kept per session; default 1000");
        HELP.put("replayMaxChars", "unacknowledged characters kept per session; default 1048576");
        HELP.put("replayGlobalMaxChars", "unacknowledged characters kept in all; default 268435456");
        HELP.put("maxSessions", "most open sessions per mount; default 10000");
        HELP.put("maxSubscriptions", "most topics per session; default 100 (/chat: 8, /ticker: 1)");
        HELP.put("webSocketEnabled", "offer the WebSocket transport; default true");
        HELP.put("sweepIntervalMillis", "resolution of heartbeat, poll and expiry timers; default 1000");
        HELP.put("flushThreads", "threads that write to clients; default 2");
        HELP.put("slowConsumerMillis", "longest a WebSocket write may stay pending; default 10000");
        HELP.put("bodyTimeoutMillis", "longest a POST body may take to arrive; default 10000");
        HELP.put("stopRetryMinMillis", "on a graceful stop, shortest advised wait before clients return; default 500");
        HELP.put("stopRetryMaxMillis", "on a graceful stop, longest advised wait (uniform per session); default 5000");
        HELP.put("stopGraceMillis", "longest a stop waits for the hand-off, then for the away answers; default 2000");
        HELP.put("cluster", "a cluster URI, e.g. redis://127.0.0.1:6379 (as --redis); default none");
        HELP.put("httpSessionAttributes", "HttpSession attributes copied into each handshake, comma-separated;"
                + " default none");
        HELP.put("adminToken", "opens each mount's admin view (/echo/admin/ ...) to this secret, 16+ characters;"
                + " default: a random one when listening on loopback only, printed at start; else none");
        HELP.put("adminRole", "servlet role whose users may open the admin views; default none");
    }

    private ServerOptions() {
    }

    /** {@code maxBatch} to {@code max-batch}. */
    static String flag(String option) {
        return option.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    /** The option a {@code --flag=value} argument sets, or null if it names none. */
    static String option(String flag) {
        for (String option : HELP.keySet()) {
            if (flag(option).equals(flag)) {
                return option;
            }
        }
        return null;
    }

    /** The usage lines for every option. */
    static String usage() {
        StringBuilder out = new StringBuilder("Duplex options, applied to every mount (/echo, /chat, /ticker):\n");
        for (Map.Entry<String, String> entry : HELP.entrySet()) {
            String flag = "  --" + flag(entry.getKey()) + "=V";
            out.append(flag).append(" ".repeat(Math.max(1, 32 - flag.length()))).append(entry.getValue())
                    .append('\n');
        }
        return out.toString();
    }
}
