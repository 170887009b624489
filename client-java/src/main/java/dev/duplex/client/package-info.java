/**
 * The Duplex Java client: one logical, full-duplex channel to a Duplex handler, for server-to-server use
 * and for tests. It runs on {@code java.net.http} (its {@code HttpClient} and {@code WebSocket}); Gson is
 * its only dependency. It follows PROTOCOL.md and does what {@code duplex.js} does.
 *
 * <h2>Example: a service talking to another service's chat mount</h2>
 * <pre>{@code
 * ClientOptions options = ClientOptions.builder().build();
 * DuplexClient client = DuplexClient.connect(URI.create("http://host/app/chat"), options);
 * client.onMessage(m -> System.out.println(m.topic() + ": " + m.data()))
 *       .onReset(r -> resync(r.topics()))             // server messages r.from()..r.to() are gone
 *       .onClose(c -> {
 *           if (c.continuityLost()) {                 // the session expired: start over explicitly
 *               reconnectAndResync();
 *           }
 *       });
 * client.subscribe("prices");
 * client.send("hello");                              // a String arrives as Message.text("hello")
 * client.publish("chat/lobby", Map.of("nick", "svc", "text", "hi"));
 * JsonElement quote = client.request(Map.of("op", "quote"), Duration.ofSeconds(5)).get().data(); // or RequestException
 * client.onRequest(question -> "yes");               // answers the server's Channel.request
 * client.send(new byte[] {1, 2, 3});                 // binary: Message.isBinary() on the server
 * ...
 * client.close();                                    // after every frame sent before
 * }</pre>
 *
 * <h2>Lifecycle</h2>
 * {@link dev.duplex.client.DuplexClient#connect connect} blocks for the handshake, then polls at once and
 * probes the WebSocket in the background. The channel survives cuts, transport switches and gaps up to the
 * server's resume window ({@code window}, 2 minutes by default): it reconnects with exponential backoff and
 * full jitter, re-sends what the server has not acked, and the server replays what this client has not
 * acked. It ends once, with the close listener: after {@code close()}, after the server closed it, or when
 * the server no longer knows the session ({@code unknown_session}, {@code continuityLost} set): it never
 * starts a new session silently.
 *
 * <h2>Ordering and threading</h2>
 * Frames reach the server in the order of the {@code send}/{@code publish}/{@code subscribe} calls that
 * returned {@code true}, exactly once. Every listener runs on the client's single loop thread, one event
 * at a time, in the order the server sent them; a listener should not block. The public methods are
 * thread-safe and never block on the network.
 */
package dev.duplex.client;
