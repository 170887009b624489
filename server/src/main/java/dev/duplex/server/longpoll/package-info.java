/**
 * Internal. The long-polling transport, all of it: the poll and send requests, attaching a session and the
 * probe race ({@link dev.duplex.server.longpoll.LongPollEndpoint}), and the transport that parks polls and
 * answers them from the session's outbox ({@link dev.duplex.server.longpoll.LongPollTransport}). A parked
 * asynchronous {@code GET} carries server frames, {@code POST}s carry client frames; no thread is held while
 * a poll is parked. A bundled poll ({@code POST /bundle}, {@link dev.duplex.server.longpoll.BundledPoll}) parks one
 * such poll per member session behind one exchange, for the tabs of a browser that share a connection.
 *
 * <p>It knows the session core through {@link dev.duplex.server.session.TransportHost}, never the hub, and
 * never the WebSocket transport.
 */
package dev.duplex.server.longpoll;
