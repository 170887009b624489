package dev.duplex.server.session;

import dev.duplex.server.api.TransportKind;

/** The reasons a session gives the application when a transport attaches. */
final class TransportChanges {
    /** The session's first transport. */
    static final String OPEN = "open";
    /** A transport attached to a session that had lost its previous one (inside the resume window). */
    static final String RESUME = "resume";
    /** WebSocket replaced long-polling. */
    static final String UPGRADE = "upgrade";
    /** Long-polling replaced WebSocket while the WebSocket was still attached. */
    static final String DOWNGRADE = "downgrade";
    /** A new transport of the same kind replaced the old one (e.g. a second tab of a shared session). */
    static final String RECONNECT = "reconnect";

    private TransportChanges() {
    }

    /**
     * Why {@code next} attaches to a session whose transport was {@code previous} (or none), and which had
     * {@code attachedBefore} a transport or not.
     */
    static String attachReason(boolean attachedBefore, Transport previous, Transport next) {
        if (previous == null) {
            return attachedBefore ? RESUME : OPEN;
        }
        return switchReason(previous.kind(), next.kind());
    }

    /** Why a session's transport went from {@code from} to {@code to}, both real transports. */
    static String switchReason(TransportKind from, TransportKind to) {
        if (from == to) {
            return RECONNECT;
        }
        return to == TransportKind.WEBSOCKET ? UPGRADE : DOWNGRADE;
    }
}
