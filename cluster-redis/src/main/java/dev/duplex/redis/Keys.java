package dev.duplex.redis;

/**
 * Redis names for one mount's topics. Each topic's keys share a hash tag, so they live in one slot and one Lua
 * script may touch them on a Redis Cluster too.
 */
final class Keys {
    private final String prefix;

    /** @param namespace the mount's context path and path, e.g. {@code /app/chat} */
    Keys(String namespace) {
        this.prefix = "duplex:{" + namespace + ":";
    }

    /** The hash holding the topic's epoch ({@code e}) and last offset ({@code o}). */
    String meta(String topic) {
        return prefix + topic + "}:m";
    }

    /** The list holding the topic's recent publications. */
    String history(String topic) {
        return prefix + topic + "}:h";
    }

    /** The pub/sub channel of the topic. */
    String channel(String topic) {
        return prefix + topic + "}:p";
    }

    /** The topic of a channel of this mount, or null if the channel is another's. */
    String topicOf(String channel) {
        if (!channel.startsWith(prefix) || !channel.endsWith("}:p")) {
            return null;
        }
        return channel.substring(prefix.length(), channel.length() - 3);
    }
}
