/**
 * Internal. Topics: name validation, the local subscription index, and the {@link dev.duplex.server.topic.Broker}
 * seam through which publishes reach every node (in memory by default; a Redis broker can plug in here).
 */
package dev.duplex.server.topic;
