/**
 * Internal. The hub: one mounted handler with its sessions, topics, timers and write pool. It creates sessions on
 * handshake, dispatches client frames to the application, fans topic publishes out, and holds every
 * session's next deadline (heartbeat, poll hold, expiry) on one {@code timer.TimerWheel}: no per-second sweep.
 */
package dev.duplex.server.hub;
