/**
 * The entry points: {@link dev.duplex.server.Duplex#mount} mounts a handler from code, and
 * {@link dev.duplex.server.DuplexServlet} mounts one from {@code web.xml}. Everything else an application
 * touches is in {@code dev.duplex.server.api}; every other package is internal.
 *
 * <h2>Layers</h2>
 * The packages form layers, each importing only those below it (checked by {@code LayerRulesTest}):
 * <ol>
 *   <li>{@code protocol}: frames, the codec, wire text. Imports nothing of Duplex.</li>
 *   <li>{@code api}: what applications use. Imports only {@code protocol} (to validate JSON).</li>
 *   <li>{@code metrics}: the figures and event log lines of a hub, which the core and the adapters update.
 *       No container API, no JMX.</li>
 *   <li>{@code timer}: the hub's timer wheel, on the injected scheduler. No container API.</li>
 *   <li>{@code topic}, then {@code session}, then {@code cluster} (the seam to an optional cluster module),
 *       then {@code hub}: the core. No container API.</li>
 *   <li>{@code http}: HTTP utilities, a leaf beside the core.</li>
 *   <li>{@code longpoll} and {@code websocket}: one adapter per transport; neither knows the other or the
 *       hub, only {@code session.TransportHost}.</li>
 *   <li>{@code mount}: the one place that wires the hub to both adapters and routes a mount's requests.</li>
 *   <li>this package: the entry points, which delegate to {@code mount}.</li>
 * </ol>
 * The entry points sit on top rather than beside the API types, because they must reach the wiring and the
 * wiring must reach the API types: in one package the two would form a cycle.
 */
package dev.duplex.server;
