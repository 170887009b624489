/**
 * The WebSocket transport, on the standard {@code jakarta.websocket} API only. The mount's servlet
 * upgrades the request itself ({@code ServerContainer.upgradeHttpToWebSocket}), after the origin policy,
 * so a refused upgrade gets an HTTP status with a JSON body instead of a bare failed handshake.
 */
package dev.duplex.server.websocket;
