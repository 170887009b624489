/**
 * Optional Micrometer binding of a Duplex hub's figures: {@link dev.duplex.micrometer.DuplexMetrics}.
 */
package dev.duplex.micrometer;
