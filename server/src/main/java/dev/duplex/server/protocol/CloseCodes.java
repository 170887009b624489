package dev.duplex.server.protocol;

/** WebSocket close codes Duplex uses besides those of {@link ErrorCode} (PROTOCOL.md, section 6). */
public final class CloseCodes {
    /** Normal closure. */
    public static final int NORMAL = 1000;
    /** The server is going away. */
    public static final int GOING_AWAY = 1001;
    /** Try again later: in a cluster, the node holding the session could not be asked in time. */
    public static final int TRY_AGAIN_LATER = 1013;
    /** The reason a stopping node gives with {@link #GOING_AWAY}, after its {@code away} frame. */
    public static final String GOING_AWAY_REASON = "server shutting down";
    /** No traffic from the peer within heartbeat + timeout, or no {@code hello} in time. */
    public static final int HEARTBEAT_TIMEOUT = 4408;
    /** A write stayed pending too long: the client is not reading. Resume to catch up. */
    public static final int SLOW_CONSUMER = 4413;
    /** Another transport of the same session took over. */
    public static final int SUPERSEDED = 4409;

    private CloseCodes() {
    }
}
