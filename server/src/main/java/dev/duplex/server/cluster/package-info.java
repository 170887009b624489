/**
 * The seam to an optional cluster module (e.g. {@code duplex-redis}): {@link dev.duplex.server.cluster.Cluster}
 * is what a mount asks when a request names a session it does not hold, and how a session moves between nodes.
 * Container-free, like the rest of the core; a single node has no cluster at all.
 */
package dev.duplex.server.cluster;
