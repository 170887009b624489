package dev.duplex.client;

/**
 * Which transport carries the channel (PROTOCOL.md section 5): polling, polling while a WebSocket probe is
 * out (polls carry {@code X-Duplex-Probe: 1}), or the WebSocket after its {@code welcome}.
 */
enum Mode {
    POLLING,
    PROBING,
    WEBSOCKET
}
