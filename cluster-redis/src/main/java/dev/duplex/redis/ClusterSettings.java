package dev.duplex.redis;

/**
 * Timing of a {@link RedisCluster}, from the cluster URI's query.
 *
 * @param nodeTimeoutMillis    how long a node's heartbeat key outlives its last beat: a node killed without a
 *                             word counts as gone, and its sessions as unknown, this long after; default 10 s
 * @param handoffTtlMillis     how long a handed-off session waits for its client to come back on any node;
 *                             default 120 s (the default resume window)
 * @param commandTimeoutMillis longest a request to another node (a send, a pull, a census) waits for its
 *                             answer; default 5 s
 */
record ClusterSettings(long nodeTimeoutMillis, long handoffTtlMillis, long commandTimeoutMillis) {

    ClusterSettings {
        if (nodeTimeoutMillis < 300 || handoffTtlMillis < 1 || commandTimeoutMillis < 1) {
            throw new IllegalArgumentException("nodeTimeoutMillis must be at least 300, handoffTtlMillis and"
                    + " commandTimeoutMillis positive");
        }
    }

    static ClusterSettings defaults() {
        return new ClusterSettings(10_000, 120_000, 5_000);
    }

    /** How often a node beats: three beats per timeout, so one lost beat does not kill it. */
    long beatMillis() {
        return nodeTimeoutMillis / 3;
    }

    /** How long an owner key outlives the last beat of the node that holds the session. */
    long ownerTtlMillis() {
        return 3 * nodeTimeoutMillis;
    }
}
