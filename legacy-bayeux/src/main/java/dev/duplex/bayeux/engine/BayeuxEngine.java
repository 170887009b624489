package dev.duplex.bayeux.engine;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.duplex.bayeux.BayeuxCall;
import dev.duplex.bayeux.BayeuxOptions;
import dev.duplex.bayeux.message.BayeuxCodec;
import dev.duplex.bayeux.message.BayeuxError;
import dev.duplex.bayeux.message.BayeuxException;
import dev.duplex.bayeux.message.ChannelKind;
import dev.duplex.bayeux.message.ChannelNames;
import dev.duplex.bayeux.message.ChannelPattern;
import dev.duplex.server.api.TransportKind;
import dev.duplex.server.hub.DefaultHub;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.ProtocolException;
import dev.duplex.server.session.Session;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers Bayeux batches for one mount, whatever transport carried them. Thread-safe; holds no state of its
 * own beyond the hub: each client lives in its session's attributes.
 */
public final class BayeuxEngine {
    private static final System.Logger LOG = System.getLogger(BayeuxEngine.class.getName());
    private static final JsonArray CONNECTION_TYPES = new JsonArray();

    static {
        CONNECTION_TYPES.add("websocket");
        CONNECTION_TYPES.add("long-polling");
    }

    private final DefaultHub hub;
    private final BayeuxOptions options;
    private final Handshaker handshaker;

    public BayeuxEngine(DefaultHub hub, BayeuxOptions options) {
        this.hub = hub;
        this.options = options;
        this.handshaker = new Handshaker(hub, options, CONNECTION_TYPES);
    }

    /** The hub behind this front door. */
    public DefaultHub hub() {
        return hub;
    }

    /** The options in force. */
    public BayeuxOptions options() {
        return options;
    }

    /**
     * Acts on one batch and answers it through {@code responder}, at once or, when it holds a
     * {@code /meta/connect}, once that connect is answered.
     */
    public void handle(List<JsonObject> batch, RequestInfo info, Responder responder) {
        List<JsonObject> replies = new ArrayList<>(batch.size());
        JsonObject connect = null;
        LegacyClient connecting = null;
        for (JsonObject message : batch) {
            String channel = BayeuxCodec.string(message, "channel");
            try {
                if ("/meta/handshake".equals(channel)) {
                    replies.add(handshaker.handshake(message, info));
                } else if ("/meta/connect".equals(channel)) {
                    connecting = client(message, info);
                    connect = message;
                } else {
                    replies.add(act(message, channel, client(message, info)));
                }
            } catch (BayeuxException e) {
                boolean rehandshake = e.error() == BayeuxError.UNKNOWN_CLIENT;
                replies.add(Replies.failure(message, e.describe(), rehandshake ? "handshake" : null));
            }
        }
        if (connect == null || !connecting.connect(connect, replies, responder, info.transport())) {
            if (connect != null) {
                replies.add(Replies.failure(connect, BayeuxError.UNKNOWN_CLIENT.describe("unknown client"),
                        "handshake"));
            }
            responder.respond(replies);
        }
    }

    /** The client a message names, if the request may act for it. */
    private LegacyClient client(JsonObject message, RequestInfo info) throws BayeuxException {
        String clientId = BayeuxCodec.string(message, "clientId");
        int dot = clientId == null ? -1 : clientId.indexOf('.');
        if (dot < 0) {
            throw new BayeuxException(BayeuxError.UNKNOWN_CLIENT, "unknown client");
        }
        Session session;
        try {
            session = hub.resolve(clientId.substring(0, dot), clientId.substring(dot + 1),
                    info.handshake().principal());
            // A revoked user cannot go on, as with duplex.js resumes.
            hub.authorize(info.handshake());
        } catch (ProtocolException e) {
            throw new BayeuxException(e.code() == ErrorCode.FORBIDDEN ? BayeuxError.FORBIDDEN
                    : BayeuxError.UNKNOWN_CLIENT, e.code() == ErrorCode.FORBIDDEN ? e.getMessage() : "unknown client");
        }
        LegacyClient client = (LegacyClient) session.attribute(LegacyClient.ATTRIBUTE).orElse(null);
        if (client == null || !session.isOpen() || !client.sameBrowser(info.browserId())) {
            // Another browser's client id: refused exactly like an unknown one, so it reveals nothing.
            throw new BayeuxException(BayeuxError.UNKNOWN_CLIENT, "unknown client");
        }
        return client;
    }

    private JsonObject act(JsonObject message, String channel, LegacyClient client) throws BayeuxException {
        switch (channel == null ? "" : channel) {
            case "/meta/subscribe" -> {
                return subscription(message, client, true);
            }
            case "/meta/unsubscribe" -> {
                return subscription(message, client, false);
            }
            case "/meta/disconnect" -> {
                try {
                    client.disconnect();
                } catch (ProtocolException e) {
                    throw new BayeuxException(BayeuxError.RATE_LIMITED, e.getMessage());
                }
                return Replies.success(message);
            }
            default -> {
                return publish(message, channel, client);
            }
        }
    }

    private JsonObject subscription(JsonObject message, LegacyClient client, boolean subscribe)
            throws BayeuxException {
        String channel = BayeuxCodec.string(message, "subscription");
        ChannelKind kind = ChannelKind.of(channel);
        if (kind == ChannelKind.WILDCARD) {
            String pattern = ChannelPattern.topicPatternOf(channel);
            if (pattern == null) {
                throw new BayeuxException(BayeuxError.BAD_REQUEST, "cannot subscribe to " + channel);
            }
            try {
                client.subscribePattern(pattern, subscribe);
            } catch (ProtocolException e) {
                throw new BayeuxException(e.code() == ErrorCode.TOO_MANY_SUBSCRIPTIONS ? BayeuxError.CONFLICT
                        : e.code() == ErrorCode.FORBIDDEN ? BayeuxError.FORBIDDEN : BayeuxError.BAD_REQUEST,
                        e.getMessage());
            }
            return Replies.success(message);
        }
        String topic = ChannelNames.topicOf(channel);
        if (topic == null) {
            throw new BayeuxException(kind == ChannelKind.INVALID ? BayeuxError.BAD_REQUEST
                    : BayeuxError.NOT_ACCEPTABLE, "cannot subscribe to " + channel);
        }
        String refusal = submit(client, seq -> subscribe ? new Frame.Sub(seq, topic) : new Frame.Unsub(seq, topic));
        if (refusal != null) {
            throw refused(refusal);
        }
        return Replies.success(message);
    }

    private JsonObject publish(JsonObject message, String channel, LegacyClient client) throws BayeuxException {
        JsonElement data = message.get("data");
        if (data == null) {
            throw new BayeuxException(BayeuxError.BAD_REQUEST, "a publish needs data");
        }
        String json = data.toString();
        if (json.length() > hub.options().maxMessageChars()) {
            throw new BayeuxException(BayeuxError.TOO_LARGE,
                    "data over " + hub.options().maxMessageChars() + " characters");
        }
        ChannelKind kind = ChannelKind.of(channel);
        String refusal;
        if (kind == ChannelKind.SERVICE || kind == ChannelKind.BROADCAST && options.handles(channel)) {
            String id = BayeuxCodec.string(message, "id");
            String wrapped = BayeuxCall.wrap(channel, id, data).json();
            refusal = submit(client, seq -> new Frame.Msg(seq, null, wrapped));
        } else {
            String topic = ChannelNames.topicOf(channel);
            if (topic == null) {
                throw new BayeuxException(kind == ChannelKind.INVALID ? BayeuxError.BAD_REQUEST
                        : BayeuxError.NOT_ACCEPTABLE, "cannot publish to " + channel);
            }
            refusal = submit(client, seq -> new Frame.Pub(seq, topic, json));
        }
        if (refusal != null) {
            throw refused(refusal);
        }
        return Replies.success(message);
    }

    private static String submit(LegacyClient client, java.util.function.LongFunction<Frame.Sequenced> frame)
            throws BayeuxException {
        try {
            return client.submit(frame);
        } catch (ProtocolException e) {
            throw new BayeuxException(e.code() == ErrorCode.RATE_LIMITED ? BayeuxError.RATE_LIMITED
                    : BayeuxError.BAD_REQUEST, e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "a Bayeux message failed", e);
            throw new BayeuxException(BayeuxError.INTERNAL, "internal error");
        }
    }

    /** Maps a Duplex refusal ({@code code: message}) to a Bayeux error. */
    private static BayeuxException refused(String refusal) {
        String code = refusal.substring(0, refusal.indexOf(':'));
        String text = refusal.substring(refusal.indexOf(':') + 2);
        BayeuxError error = switch (code) {
            case "forbidden" -> BayeuxError.FORBIDDEN;
            case "too_many_subscriptions" -> BayeuxError.CONFLICT;
            case "invalid_topic" -> BayeuxError.BAD_REQUEST;
            case "too_large" -> BayeuxError.TOO_LARGE;
            default -> BayeuxError.INTERNAL;
        };
        return new BayeuxException(error, text);
    }

    /** The transport kind a connection type names, or null. */
    static TransportKind transportOf(String connectionType) {
        return switch (connectionType == null ? "" : connectionType) {
            case "long-polling" -> TransportKind.LONG_POLLING;
            case "websocket" -> TransportKind.WEBSOCKET;
            default -> null;
        };
    }
}
