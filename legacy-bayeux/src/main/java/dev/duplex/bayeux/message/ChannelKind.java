package dev.duplex.bayeux.message;

/** What a Bayeux channel name is, by its shape (Bayeux 1.0, section 2.2). */
public enum ChannelKind {
    /** {@code /meta/**}: the protocol's own channels. */
    META,
    /** {@code /service/**}: client-to-server messages that are never broadcast. */
    SERVICE,
    /** A pattern ending in {@code /*} or {@code /**}; valid only in subscriptions. */
    WILDCARD,
    /** An ordinary broadcast channel, e.g. {@code /chat/lobby}. */
    BROADCAST,
    /** Not a channel name at all. */
    INVALID;

    /** The kind of {@code channel}. */
    public static ChannelKind of(String channel) {
        if (channel == null || channel.length() < 2 || channel.charAt(0) != '/' || channel.endsWith("/")
                || channel.contains("//")) {
            return INVALID;
        }
        if (channel.startsWith("/meta/")) {
            return META;
        }
        if (channel.startsWith("/service/")) {
            return SERVICE;
        }
        int star = channel.indexOf('*');
        if (star < 0) {
            return BROADCAST;
        }
        boolean single = channel.endsWith("/*") && star == channel.length() - 1;
        boolean deep = channel.endsWith("/**") && star == channel.length() - 2;
        return single || deep ? WILDCARD : INVALID;
    }
}
