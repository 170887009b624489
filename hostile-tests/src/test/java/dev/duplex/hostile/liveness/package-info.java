/**
 * Liveness under faults: half-open connections found by heartbeats, idle-cutting proxies that heartbeats must
 * outrun, and server restarts that clients must be told about.
 */
package dev.duplex.hostile.liveness;
