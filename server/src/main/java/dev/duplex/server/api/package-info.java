/**
 * The Duplex server API: the types an application implements and uses, and nothing else.
 *
 * <p>An application implements {@link dev.duplex.server.api.ChannelHandler} and mounts it at a path with one
 * of the two entry points in {@code dev.duplex.server}: from code with {@code Duplex.mount} inside a
 * {@code ServletContextListener}, or from {@code web.xml} alone by declaring {@code DuplexServlet}. Each
 * connected client is a {@link dev.duplex.server.api.Channel}: one logical, ordered, exactly-once,
 * full-duplex channel, whatever transport (WebSocket or long-polling) carries it at the moment, and across
 * switches between them.
 *
 * <h2>Lifecycle</h2>
 * {@code onOpen} once, when the first transport of the client's handshake attaches (so
 * {@code channel.transport()} is known there); then {@code onMessage} for each client message, in the order
 * the client sent them, each exactly once; then {@code onClose} once, when the client closes, the
 * application closes, or the resume window passes with no transport. A transport switch or a network cut
 * inside the resume window loses nothing; the handler may watch them with {@code onTransport}, which is
 * told of every attach, switch and loss, with a reason.
 *
 * <h2>Threading</h2>
 * Callbacks for one channel never run concurrently with each other. Callbacks for different channels may.
 * {@link dev.duplex.server.api.Channel#send} and {@link dev.duplex.server.api.Hub#publish} may be called from any
 * thread and never block on a client: they queue, and a small pool writes.
 */
package dev.duplex.server.api;
