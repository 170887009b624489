package dev.duplex.bayeux.engine;

import dev.duplex.server.api.Handshake;
import dev.duplex.server.api.TransportKind;

/**
 * What the engine needs to know about the request or WebSocket that carried a batch.
 *
 * @param handshake the request as the application's authorizer sees it (headers, cookies, user, address)
 * @param browserId the {@code BAYEUX_BROWSER} cookie the request carried or was just given
 * @param transport which transport carried it
 */
public record RequestInfo(Handshake handshake, String browserId, TransportKind transport) {
}
