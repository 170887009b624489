package dev.duplex.redis;

/**
 * Timing of a {@link RedisCluster}, from the cluster URI's query.
 *
 * @param nodeTimeoutMillis    how long after its last beat a node killed without a word counts as gone, and its
 *                             sessions as unknown: its heartbeat key lives half of it ({@link #heartbeatTtlMillis}),
 *                             then must stay missing for the other half ({@link #deadAfterMillis}); default 10 s
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

    /** How often a node beats: four beats per timeout, so a node must miss about four in a row to count as gone. */
    long beatMillis() {
        return nodeTimeoutMillis / 4;
    }

    /** How long a heartbeat key outlives the beat that wrote it: two beats. */
    long heartbeatTtlMillis() {
        return nodeTimeoutMillis / 2;
    }

    /**
     * How long a node's heartbeat must stay missing before its sessions count as gone: two beats, so that a live
     * node whose key Redis lost (restarted empty, frozen past the key's TTL) beats again first.
     */
    long deadAfterMillis() {
        return nodeTimeoutMillis / 2;
    }

    /** How long an owner key outlives the last beat of the node that holds the session. */
    long ownerTtlMillis() {
        return 3 * nodeTimeoutMillis;
    }
}
