/**
 * Internal. The transport-independent session: Duplex's core promise.
 *
 * <p>A {@link dev.duplex.server.session.Session} numbers what it sends, keeps it until acknowledged
 * ({@link dev.duplex.server.session.Outbox}), drops duplicate client frames and refuses gaps
 * ({@link dev.duplex.server.session.Inbox}), and moves through the states of
 * {@link dev.duplex.server.session.SessionState}. A {@link dev.duplex.server.session.Transport} is only a
 * pipe: attaching another one supersedes the first, and because every attach replays from the peer's ack,
 * switching transports loses, duplicates and reorders nothing.
 *
 * <p>No servlet or WebSocket type appears here; the {@code longpoll} and {@code websocket} packages adapt.
 */
package dev.duplex.server.session;
