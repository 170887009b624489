/**
 * Internal. The WebSocket transport, on the standard {@code jakarta.websocket} API only. The mount's router
 * upgrades the request itself ({@code ServerContainer.upgradeHttpToWebSocket}), after the origin policy,
 * so a refused upgrade gets an HTTP status with a JSON body instead of a bare failed handshake.
 *
 * <p>It knows the session core through {@link dev.duplex.server.session.TransportHost}, never the hub, and
 * never the long-polling transport.
 */
package dev.duplex.server.websocket;
