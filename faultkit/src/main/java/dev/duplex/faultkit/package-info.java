/**
 * A scriptable fault proxy for tests, on the JDK alone. {@link dev.duplex.faultkit.FaultProxy} sits between a
 * client and a server on {@code 127.0.0.1} and, on cue, adds latency, throttles, swallows responses the server
 * wrote, kills connections ({@link dev.duplex.faultkit.Kill}: close, FIN, RST, blackhole), cuts idle ones, and
 * refuses, fakes or strips WebSocket upgrades; {@link dev.duplex.faultkit.ConnectRefusingProxy} is a forward
 * proxy that refuses {@code CONNECT}. Counters and an event log let a test prove that the fault happened.
 *
 * <p>Thread-safe: a test thread scripts faults while the proxy's own threads forward traffic.
 */
package dev.duplex.faultkit;
