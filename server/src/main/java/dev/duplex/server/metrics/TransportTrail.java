package dev.duplex.server.metrics;

import dev.duplex.server.api.TransportKind;

/**
 * What one session's transports did so far, as much as the figures need: the last transport that carried
 * it, why that one was lost, whether it ever rode a WebSocket, and how many fallback reports its client
 * made. A downgrade often passes through no transport at all (the WebSocket dies, a poll resumes), so a
 * switch is judged against the last carrier, not the previous state. Transport changes of a session are
 * reported one at a time and in order, so only the fallback count needs the lock.
 */
public final class TransportTrail {
    /** Reports a client may make per session; more are ignored, so no client can inflate the figures. */
    static final int MAX_FALLBACK_REPORTS = 8;

    private TransportKind carrier = TransportKind.NONE;
    private String lostBecause = "unknown";
    private boolean rodeWebSocket;
    private int fallbackReports;

    TransportKind carrier() {
        return carrier;
    }

    String lostBecause() {
        return lostBecause;
    }

    boolean rodeWebSocket() {
        return rodeWebSocket;
    }

    void carried(TransportKind kind) {
        carrier = kind;
        rodeWebSocket |= kind == TransportKind.WEBSOCKET;
    }

    void lost(String reason) {
        lostBecause = reason;
    }

    synchronized boolean mayReportFallback() {
        return fallbackReports++ < MAX_FALLBACK_REPORTS;
    }
}
