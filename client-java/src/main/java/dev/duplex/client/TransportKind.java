package dev.duplex.client;

/** The transport carrying a channel at a moment. Applications need not care; tests and dashboards do. */
public enum TransportKind {
    /** HTTP long-polling: a parked {@code GET} for server frames, {@code POST}s for client frames. */
    LONG_POLLING,
    /** One WebSocket. */
    WEBSOCKET
}
