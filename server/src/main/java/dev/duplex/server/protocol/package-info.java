/**
 * Internal. The wire protocol of PROTOCOL.md as code: frame types, the one codec, error codes and close codes.
 *
 * <p>Nothing here knows about servlets, WebSockets or sessions; it turns text into frames and frames into
 * text, and refuses malformed input with a typed {@link dev.duplex.server.protocol.ProtocolException}.
 */
package dev.duplex.server.protocol;
