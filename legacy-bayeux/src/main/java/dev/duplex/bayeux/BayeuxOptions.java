package dev.duplex.bayeux;

import dev.duplex.bayeux.message.ChannelKind;
import dev.duplex.bayeux.message.ChannelPattern;
import java.util.List;

/**
 * The Bayeux front door's own settings. Everything else (origins, message and body sizes, rates, session
 * caps, the resume window) comes from the hub's {@code DuplexOptions}, so Bayeux clients obey the same limits
 * as {@code duplex.js} pages.
 *
 * @param timeoutMillis     longest a {@code /meta/connect} is held when there is nothing to deliver; sent as
 *                          {@code advice.timeout}
 * @param maxIntervalMillis longest a client may go without a {@code /meta/connect} before its transport is
 *                          counted as gone (its channel then waits in the hub's resume window)
 * @param maxBatch          most messages per request body or WebSocket message
 * @param directChannel     the channel on which messages that server code sends to one channel
 *                          ({@code Channel.send}) reach a Bayeux client
 * @param handledChannels   broadcast channels (exact, or wildcards such as {@code /chat/**}) whose publishes
 *                          the handler takes instead of the topic: each reaches {@code onMessage} as a
 *                          {@link BayeuxCall} of that channel, and nothing is broadcast unless the handler
 *                          publishes it (as a CometD listener that returns {@code false} and republishes
 *                          would). Empty by default: publishes go to the topic, through
 *                          {@code authorizePublish}
 * @param browserBinding    whether a client id works only with the {@code BAYEUX_BROWSER} cookie of the browser
 *                          that handshook it (default), so a leaked client id is useless elsewhere. Turn it off
 *                          for clients that drop the cookie on one transport: faye in Node.js sends it on
 *                          long-polling but not on its WebSocket, so with binding on it handshakes again (a new
 *                          channel) each time it moves to WebSocket. CometD servers do not bind.
 */
public record BayeuxOptions(long timeoutMillis, long maxIntervalMillis, int maxBatch, String directChannel,
        List<String> handledChannels, boolean browserBinding) {

    /**
     * Checks the values.
     *
     * @param timeoutMillis     see {@link #timeoutMillis()}
     * @param maxIntervalMillis see {@link #maxIntervalMillis()}
     * @param maxBatch          see {@link #maxBatch()}
     * @param directChannel     see {@link #directChannel()}
     * @param handledChannels   see {@link #handledChannels()}
     * @param browserBinding    see {@link #browserBinding()}
     * @throws IllegalArgumentException if a timeout or the batch size is not positive, or the direct channel
     *                                  is not a {@code /service/} channel
     */
    public BayeuxOptions {
        if (timeoutMillis < 0 || maxIntervalMillis <= 0 || maxBatch <= 0) {
            throw new IllegalArgumentException("timeouts and batch size must be positive");
        }
        if (directChannel == null || !directChannel.startsWith("/service/")) {
            throw new IllegalArgumentException("directChannel must be a /service/ channel: " + directChannel);
        }
        handledChannels = List.copyOf(handledChannels);
        for (String channel : handledChannels) {
            ChannelKind kind = ChannelKind.of(channel);
            if (kind != ChannelKind.BROADCAST && kind != ChannelKind.WILDCARD) {
                throw new IllegalArgumentException("handled channels are broadcast channels or wildcards: "
                        + channel);
            }
        }
    }

    /**
     * 25 s hold (below proxies' 30 s idle cut), 10 s max interval, 100 messages, {@code /service/duplex}.
     *
     * @return the defaults
     */
    public static BayeuxOptions defaults() {
        return new BayeuxOptions(25_000, 10_000, 100, "/service/duplex", List.of(), true);
    }

    /**
     * A copy with another connect hold.
     *
     * @param value the connect hold, ms
     * @return a copy with it
     */
    public BayeuxOptions withTimeoutMillis(long value) {
        return new BayeuxOptions(value, maxIntervalMillis, maxBatch, directChannel, handledChannels, browserBinding);
    }

    /**
     * A copy with another max interval.
     *
     * @param value the max interval, ms
     * @return a copy with it
     */
    public BayeuxOptions withMaxIntervalMillis(long value) {
        return new BayeuxOptions(timeoutMillis, value, maxBatch, directChannel, handledChannels, browserBinding);
    }

    /**
     * A copy with another batch limit.
     *
     * @param value the most messages per request or WebSocket message
     * @return a copy with it
     */
    public BayeuxOptions withMaxBatch(int value) {
        return new BayeuxOptions(timeoutMillis, maxIntervalMillis, value, directChannel, handledChannels,
                browserBinding);
    }

    /**
     * A copy whose publishes to {@code channels} go to the handler instead of the topic (see
     * {@link #handledChannels}), e.g. {@code withHandledChannels("/chat/**")} for a chat whose server stamps
     * each line with its sender.
     *
     * @param channels the broadcast channels (or wildcard patterns) the handler takes
     * @return the copy
     */
    public BayeuxOptions withHandledChannels(String... channels) {
        return new BayeuxOptions(timeoutMillis, maxIntervalMillis, maxBatch, directChannel, List.of(channels),
                browserBinding);
    }

    /**
     * A copy with browser binding on or off (see {@link #browserBinding}).
     *
     * @param value whether a client id works only with its browser's cookie
     * @return the copy
     */
    public BayeuxOptions withBrowserBinding(boolean value) {
        return new BayeuxOptions(timeoutMillis, maxIntervalMillis, maxBatch, directChannel, handledChannels, value);
    }

    /**
     * Whether a publish to the broadcast channel {@code channel} goes to the handler.
     *
     * @param channel a broadcast channel, e.g. {@code /chat/lobby}
     * @return whether the handler takes it
     */
    public boolean handles(String channel) {
        for (String handled : handledChannels) {
            boolean matches = ChannelKind.of(handled) == ChannelKind.WILDCARD
                    ? ChannelPattern.of(handled).matches(channel) : handled.equals(channel);
            if (matches) {
                return true;
            }
        }
        return false;
    }
}
