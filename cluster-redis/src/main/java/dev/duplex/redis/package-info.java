/**
 * Duplex on many nodes over Redis: cluster-wide topics with continuity (offset, epoch and history per topic).
 * Optional; the core library never depends on it. See {@code docs/cluster.md}.
 */
package dev.duplex.redis;
