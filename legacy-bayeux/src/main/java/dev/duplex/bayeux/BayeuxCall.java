package dev.duplex.bayeux;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.duplex.server.api.Channel;
import dev.duplex.server.api.Message;
import java.util.Optional;

/**
 * A Bayeux client's message to a {@code /service/**} channel, or a publish to one of the
 * {@linkplain BayeuxOptions#handledChannels() handled channels}, as the application's {@code ChannelHandler}
 * receives it, and the way to answer it. CometD's {@code remoteCall} waits for a reply with the request's
 * {@code id}; {@link #reply} and {@link #fail} send exactly that. A handled publish was already answered
 * (successfully) when the handler sees it: do not reply to it, publish what it should become.
 *
 * <p>On the Duplex side the handler's {@code onMessage} gets a JSON object
 * {@code {"bayeux":{"channel":"/service/echo","id":"5"},"data":...}}:
 * <pre>{@code
 * public void onMessage(Channel channel, Message message) {
 *     BayeuxCall.of(message).ifPresentOrElse(
 *             call -> call.reply(channel, call.data()),            // remoteCall("/echo", ...) answered
 *             () -> handleDuplexMessage(channel, message));
 * }
 * }</pre>
 */
public final class BayeuxCall {
    /** The member that marks a message as a Bayeux service call (inbound) or reply (outbound). */
    public static final String ENVELOPE = "bayeux";

    private final String channel;
    private final String id;
    private final Message data;

    private BayeuxCall(String channel, String id, Message data) {
        this.channel = channel;
        this.id = id;
        this.data = data;
    }

    /**
     * The call that {@code message} carries, if it came from a Bayeux client's service channel.
     *
     * @param message a message that a handler received
     * @return the call, or empty for any other message
     */
    public static Optional<BayeuxCall> of(Message message) {
        if (message.json().charAt(0) != '{') {
            return Optional.empty();
        }
        JsonObject root = JsonParser.parseString(message.json()).getAsJsonObject();
        JsonElement envelope = root.get(ENVELOPE);
        if (envelope == null || !envelope.isJsonObject() || !envelope.getAsJsonObject().has("channel")) {
            return Optional.empty();
        }
        JsonObject head = envelope.getAsJsonObject();
        JsonElement id = head.get("id");
        JsonElement data = root.get("data");
        return Optional.of(new BayeuxCall(head.get("channel").getAsString(),
                id == null || id.isJsonNull() ? null : id.getAsString(),
                Message.json(data == null ? "null" : data.toString())));
    }

    /**
     * Wraps a service message for the handler: what {@link #of} reads.
     *
     * @param channel the service channel, e.g. {@code /service/echo}
     * @param data the request's {@code data}
     * @param id the request's message id, or null
     * @return the message to hand to {@code onMessage}
     */
    public static Message wrap(String channel, String id, JsonElement data) {
        JsonObject head = new JsonObject();
        head.addProperty("channel", channel);
        if (id != null) {
            head.addProperty("id", id);
        }
        JsonObject root = new JsonObject();
        root.add(ENVELOPE, head);
        root.add("data", data);
        return Message.json(root.toString());
    }

    /**
     * The service channel, e.g. {@code /service/echo}, or the handled channel, e.g. {@code /chat/lobby}.
     *
     * @return the channel
     */
    public String channel() {
        return channel;
    }

    /**
     * The request's message id, or null if the client sent none (then no reply can be matched).
     *
     * @return the message id, or null
     */
    public String id() {
        return id;
    }

    /**
     * The request's {@code data}.
     *
     * @return the request's {@code data}
     */
    public Message data() {
        return data;
    }

    /**
     * Answers the call successfully with {@code result} as the reply's {@code data}.
     *
     * @param result the reply's {@code data}
     * @param to the channel of the client that called
     */
    public void reply(Channel to, Message result) {
        to.send(reply(true, null, JsonParser.parseString(result.json())));
    }

    /**
     * Answers the call with a failure: CometD's {@code remoteCall} callback sees {@code successful:false},
     * {@code error} {@code 403::error} and the same text as {@code data} (as CometD's own
     * {@code RemoteCall.Caller.failure} sends data; CometD's Java WebSocket client drops a reply without it).
     *
     * @param error why the call failed, sent to the client
     * @param to the channel of the client that called
     */
    public void fail(Channel to, String error) {
        to.send(reply(false, error, new com.google.gson.JsonPrimitive(error)));
    }

    private Message reply(boolean successful, String error, JsonElement result) {
        JsonObject head = new JsonObject();
        head.addProperty("channel", channel);
        if (id != null) {
            head.addProperty("id", id);
        }
        head.addProperty("successful", successful);
        if (error != null) {
            head.addProperty("error", error);
        }
        JsonObject root = new JsonObject();
        root.add(ENVELOPE, head);
        if (result != null) {
            root.add("data", result);
        }
        return Message.json(root.toString());
    }
}
