/**
 * The Bayeux front door's container adapter: one async servlet at the mount path that serves long-polling
 * {@code POST}s, refuses JSONP, answers CORS preflights, and upgrades requests to the mount path itself to a
 * Bayeux WebSocket. Every request passes the hub's origin policy first.
 */
package dev.duplex.bayeux.servlet;
