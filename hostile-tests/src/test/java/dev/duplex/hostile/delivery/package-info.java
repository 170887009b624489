/**
 * Delivery under faults: transports killed mid-stream (close frame, FIN, RST, blackhole), responses lost after
 * the server wrote them, and transport switches under traffic. Each ends with 0 lost, 0 duplicated, 0 reordered
 * and resources back to baseline.
 */
package dev.duplex.hostile.delivery;
