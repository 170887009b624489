package dev.duplex.redis;

/**
 * Redis names for one mount's sessions and nodes. They share the hash tag of the mount, so one Lua script may
 * touch a session's keys and the nodes' heartbeats on a Redis Cluster too (one slot per mount).
 */
final class SessionKeys {
    private final String prefix;

    /** @param namespace the mount's context path and path, e.g. {@code /app/chat} */
    SessionKeys(String namespace) {
        this.prefix = "duplex:{" + namespace + "}:";
    }

    /** A session's snapshot while it is handed off; exactly one node takes it. */
    String handoff(String sid) {
        return prefix + "handoff:" + sid;
    }

    /** Messages the application sent to a session while its snapshot waited to be taken. */
    String queued(String sid) {
        return prefix + "queued:" + sid;
    }

    /** The node that holds a session, once it moved from the node its id names. */
    String owner(String sid) {
        return prefix + "owner:" + sid;
    }

    /**
     * When this Redis's memory of the mount began (Redis time, ms), or 0 if a node started on it: a heartbeat or an
     * owner key missing less than a node timeout after it began may not have been written again yet (Redis
     * restarted empty), so its node is not known dead, nor its session gone.
     */
    String since() {
        return prefix + "since";
    }

    /** The prefix of node heartbeat keys: a node is alive while its key exists. */
    String alivePrefix() {
        return prefix + "alive:";
    }

    /** A node's heartbeat key. */
    String alive(String node) {
        return alivePrefix() + node;
    }

    /** The prefix of the keys that note since when a node's heartbeat has been missing. */
    String missingPrefix() {
        return prefix + "missing:";
    }

    /** The note, if any, of since when {@code node}'s heartbeat has been missing. */
    String missing(String node) {
        return missingPrefix() + node;
    }

    /** The set of node names that ever joined (live ones have a heartbeat). */
    String nodes() {
        return prefix + "nodes";
    }

    /** The prefix of node channels. */
    String channelPrefix() {
        return prefix + "node:";
    }

    /** The pub/sub channel on which a node takes requests and answers. */
    String channel(String node) {
        return channelPrefix() + node;
    }
}
