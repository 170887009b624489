/**
 * Internal. The hub: one mounted handler with its sessions, topics, timers and write pool. It creates sessions on
 * handshake, dispatches client frames to the application, fans topic publishes out, and sweeps for
 * heartbeats and expiry.
 */
package dev.duplex.server.hub;
