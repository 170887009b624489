/**
 * Internal. HTTP utilities shared by the long-polling transport and the mount's router: reading the handshake
 * snapshot and Duplex's headers from a request, bounded non-blocking body reading, the origin policy, and
 * JSON responses and refusals.
 *
 * <p>A leaf: it knows neither transport nor the hub, only the API's {@code Handshake} and the protocol's
 * error codes. The layer rules in {@code LayerRulesTest} keep it so.
 */
package dev.duplex.server.http;
