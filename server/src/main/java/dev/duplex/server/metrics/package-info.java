/**
 * Internal. The figures of one hub ({@link dev.duplex.server.metrics.HubMetrics}) and the log lines that go
 * with them: one per transport switch, refusal, reset and reported fallback.
 *
 * <p>Container-free (no servlet, WebSocket or JMX type), so the core updates it and the mount publishes it.
 * The hot paths (every message in or out) touch only {@link java.util.concurrent.atomic.LongAdder}s: no lock,
 * no allocation. Gauges (sessions by transport and state, outbox sizes) are counted when read, never kept.
 */
package dev.duplex.server.metrics;
