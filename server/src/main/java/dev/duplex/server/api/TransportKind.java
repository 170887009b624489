package dev.duplex.server.api;

/** The pipe that carries a channel at a given moment. Applications normally need not care. */
public enum TransportKind {
    /** A native WebSocket. */
    WEBSOCKET("websocket"),
    /** Long-polling over plain HTTP: a parked GET for pushes, POSTs for sends. */
    LONG_POLLING("long-polling"),
    /** No transport attached: the client is between connections, inside the resume window. */
    NONE("none");

    private final String wireName;

    TransportKind(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The name the JavaScript client uses for this transport.
     *
     * @return the name on the wire
     */
    public String wireName() {
        return wireName;
    }
}
