/**
 * Bayeux over a WebSocket at the mount path itself, as CometD serves it: each text message is a batch, and
 * replies go back as batches. It feeds the same engine as long-polling and knows nothing of the servlet.
 */
package dev.duplex.bayeux.websocket;
