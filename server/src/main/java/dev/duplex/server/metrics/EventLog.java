package dev.duplex.server.metrics;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The log lines of a hub's events, one per event, with reason codes and session ids (ids are safe to log;
 * tokens never appear). One logger per kind, so each can be turned up alone (README, "Logs"):
 * {@code dev.duplex.server.transport} (switches and losses, DEBUG), {@code dev.duplex.server.refusal}
 * (refused requests, DEBUG), {@code dev.duplex.server.reset} (continuity lost, INFO; expiries DEBUG) and
 * {@code dev.duplex.server.fallback} (why a client is on long-polling, DEBUG).
 */
final class EventLog {
    static final Logger TRANSPORT = System.getLogger("dev.duplex.server.transport");
    static final Logger REFUSAL = System.getLogger("dev.duplex.server.refusal");
    static final Logger RESET = System.getLogger("dev.duplex.server.reset");
    static final Logger FALLBACK = System.getLogger("dev.duplex.server.fallback");

    private final String mount;

    EventLog(String mount) {
        this.mount = mount;
    }

    void transport(String sid, String from, String to, String reason) {
        if (TRANSPORT.isLoggable(Level.DEBUG)) {
            TRANSPORT.log(Level.DEBUG, "duplex " + mount + " session " + sid + ": " + from + " -> " + to
                    + " (" + reason + ")");
        }
    }

    void refusal(String code, String where, String remote) {
        if (REFUSAL.isLoggable(Level.DEBUG)) {
            REFUSAL.log(Level.DEBUG, "duplex " + mount + " refused " + where + " from " + remote + ": " + code);
        }
    }

    void reset(String sid, String reason, long from, long to) {
        RESET.log(Level.INFO, "duplex " + mount + " session " + sid + ": reset " + reason + ", frames " + from
                + ".." + to + " lost");
    }

    void expired(String sid) {
        if (RESET.isLoggable(Level.DEBUG)) {
            RESET.log(Level.DEBUG, "duplex " + mount + " session " + sid + ": expired (its client will get a reset)");
        }
    }

    void fallback(String sid, String reason, String browser) {
        if (FALLBACK.isLoggable(Level.DEBUG)) {
            FALLBACK.log(Level.DEBUG, "duplex " + mount + " session " + sid + ": on long-polling because "
                    + reason + " (" + browser + ")");
        }
    }
}
