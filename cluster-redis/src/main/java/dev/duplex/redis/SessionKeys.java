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

    /** Exists once a node beat on this Redis (made by the first beat after Redis started empty). */
    String born() {
        return prefix + "born";
    }

    /** Exists for a while after {@link #born()} was made: Redis lost what it knew of the nodes moments ago. */
    String young() {
        return prefix + "young";
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
