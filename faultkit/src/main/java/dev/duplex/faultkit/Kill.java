package dev.duplex.faultkit;

/** How {@link FaultProxy#kill(Kill)} ends, or stalls, the connections it holds. */
public enum Kill {
    /** Close both sockets: each peer sees an orderly end of stream, as after a crash of the proxy process. */
    CLOSE,
    /** Half-close toward each peer ({@code shutdownOutput}): a FIN each way, sockets still open for reading. */
    FIN,
    /** Abort both sockets with {@code SO_LINGER 0}: each peer sees a TCP RST, and unread data is lost. */
    RST,
    /**
     * Stop forwarding both ways and keep both sockets open: a half-open connection (no FIN, no RST), as after a
     * NAT or a Wi-Fi access point forgot it. Only a heartbeat can tell. Released by {@link #CLOSE} or
     * {@link FaultProxy#close()}.
     */
    BLACKHOLE
}
