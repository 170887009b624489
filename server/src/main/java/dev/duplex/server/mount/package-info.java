/**
 * Internal. The wiring of one mount: {@link dev.duplex.server.mount.Mount} builds the hub and the
 * {@code Router} that sends each request of the mount's paths to the handshake, the long-polling transport or
 * the WebSocket upgrade. The only package that knows both the core and the adapters; the public entry points
 * in {@code dev.duplex.server} delegate to it. It also publishes the hub's figures as a JMX MBean
 * ({@code HubMBean}, the only use of {@code javax.management}) and serves the opt-in admin view
 * ({@code AdminView}).
 */
package dev.duplex.server.mount;
