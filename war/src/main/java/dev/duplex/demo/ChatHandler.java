package dev.duplex.demo;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.duplex.bayeux.BayeuxCall;
import dev.duplex.server.api.Channel;
import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.Message;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code /chat}: chat rooms are topics named {@code chat/<room>}.
 *
 * <p>Clients subscribe to a room's topic to join it, and leave by unsubscribing (or by going away). They do
 * not publish to the topic themselves: they send {@code {"type":"say","room":"lobby","text":"hi"}} and the
 * server publishes the line stamped with the sender's nickname, so nobody can speak as someone else.
 *
 * <p>Client to server (messages): {@code {"type":"nick","nick":"ada"}}, {@code {"type":"say","room":..,
 * "text":..}}. The first nickname may also come from the {@value #NICK_COOKIE} cookie, read from the
 * handshake, so a channel that had to start a new session rejoins its rooms under the same name.
 *
 * <p>Server to a room's topic: {@code join}, {@code leave}, {@code rename} (each with the room's
 * {@code members}) and {@code say}. Server to one channel: {@code you} (the accepted nickname) and
 * {@code error}.
 *
 * <p>CometD pages and clients reach the same rooms through the Bayeux front door at {@code /cometd}
 * ({@link DemoApp}): they subscribe to {@code /chat/lobby} and publish {@code {"text":"hi"}} there, as CometD
 * chats do. Those publishes come here as {@link BayeuxCall}s (the front door's handled channels) and take the
 * path of a {@code say}: checked, stamped with the sender's nickname, then published. They send
 * {@code {"type":"nick",...}} and the like to {@code /service/chat}.
 */
public final class ChatHandler implements ChannelHandler {
    /** How many rooms one visitor may be in at once (the mount's {@code maxSubscriptions}). */
    public static final int MAX_ROOMS_PER_VISITOR = 8;
    /** The cookie that may carry the visitor's nickname. */
    public static final String NICK_COOKIE = "duplex-nick";

    private static final String TOPIC_PREFIX = "chat/";
    private static final String NICK = "nick";
    private static final Pattern NICK_PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,20}");
    private static final Pattern ROOM_PATTERN = Pattern.compile("[a-z0-9-]{1,32}");
    private static final int MAX_TEXT = 500;

    private final ChatRooms rooms = new ChatRooms();

    @Override
    public void onOpen(Channel channel) {
        String wanted = channel.handshake().cookies().get(NICK_COOKIE);
        String nick = wanted != null && NICK_PATTERN.matcher(wanted).matches()
                ? wanted : "guest-" + channel.id().substring(0, 4);
        channel.attribute(NICK, nick);
        channel.send(message(event("you", nick)));
    }

    @Override
    public void onMessage(Channel channel, Message message) {
        BayeuxCall.of(message).ifPresentOrElse(call -> onBayeux(channel, call), () -> onRequest(channel, message));
    }

    /** A CometD client's publish to a room's channel ({@code /chat/<room>}), or its message to a service. */
    private void onBayeux(Channel channel, BayeuxCall call) {
        if (call.channel().startsWith("/" + TOPIC_PREFIX)) {
            JsonObject line = parse(call.data());
            String room = call.channel().substring(TOPIC_PREFIX.length() + 1);
            say(channel, room, line == null ? "" : string(line, "text"));
        } else {
            onRequest(channel, call.data());
        }
    }

    private void onRequest(Channel channel, Message message) {
        JsonObject request = parse(message);
        String type = request == null ? "" : string(request, "type");
        switch (type) {
            case "nick" -> rename(channel, string(request, "nick"));
            case "say" -> say(channel, string(request, "room"), string(request, "text"));
            default -> fail(channel, "expected {\"type\":\"nick\"|\"say\", ...}");
        }
    }

    @Override
    public boolean authorizeSubscribe(Channel channel, String topic) {
        return topic.startsWith(TOPIC_PREFIX)
                && ROOM_PATTERN.matcher(topic.substring(TOPIC_PREFIX.length())).matches();
    }

    @Override
    public boolean authorizePublish(Channel channel, String topic, Message message) {
        return false; // lines go through "say", so the server can stamp the nickname
    }

    @Override
    public void onSubscribe(Channel channel, String topic) {
        String nick = nick(channel);
        List<String> members = rooms.join(topic, channel.id(), nick);
        publish(channel, topic, withMembers(event("join", nick), members));
    }

    @Override
    public void onUnsubscribe(Channel channel, String topic) {
        String nick = nick(channel);
        List<String> members = rooms.leave(topic, channel.id());
        publish(channel, topic, withMembers(event("leave", nick), members));
    }

    private void rename(Channel channel, String wanted) {
        if (!NICK_PATTERN.matcher(wanted).matches()) {
            fail(channel, "a nickname is 1 to 20 letters, digits, '-' or '_'");
            return;
        }
        String old = nick(channel);
        channel.attribute(NICK, wanted);
        channel.send(message(event("you", wanted)));
        if (old.equals(wanted)) {
            return;
        }
        for (String topic : channel.topics()) {
            List<String> members = rooms.rename(topic, channel.id(), wanted);
            JsonObject notice = event("rename", wanted);
            notice.addProperty("from", old);
            publish(channel, topic, withMembers(notice, members));
        }
    }

    private void say(Channel channel, String room, String text) {
        String topic = TOPIC_PREFIX + room;
        String line = text.strip();
        if (!channel.topics().contains(topic)) {
            fail(channel, "join the room before speaking in it");
        } else if (line.isEmpty() || line.length() > MAX_TEXT) {
            fail(channel, "a line is 1 to " + MAX_TEXT + " characters");
        } else {
            JsonObject said = event("say", nick(channel));
            said.addProperty("text", line);
            said.addProperty("at", System.currentTimeMillis());
            publish(channel, topic, said);
        }
    }

    private static void publish(Channel channel, String topic, JsonObject payload) {
        payload.addProperty("room", topic.substring(TOPIC_PREFIX.length()));
        channel.hub().publish(topic, message(payload));
    }

    private static void fail(Channel channel, String why) {
        JsonObject error = new JsonObject();
        error.addProperty("type", "error");
        error.addProperty("message", why);
        channel.send(message(error));
    }

    private static Message message(JsonObject payload) {
        return Message.json(payload.toString());
    }

    private static String nick(Channel channel) {
        return channel.attribute(NICK).map(Object::toString).orElse("guest");
    }

    private static JsonObject event(String type, String nick) {
        JsonObject event = new JsonObject();
        event.addProperty("type", type);
        event.addProperty(NICK, nick);
        return event;
    }

    private static JsonObject withMembers(JsonObject event, List<String> members) {
        JsonArray array = new JsonArray();
        members.forEach(array::add);
        event.add("members", array);
        return event;
    }

    private static JsonObject parse(Message message) {
        JsonElement element = JsonParser.parseString(message.json());
        return element.isJsonObject() ? element.getAsJsonObject() : null;
    }

    private static String string(JsonObject object, String member) {
        JsonElement value = object.get(member);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
                ? value.getAsString() : "";
    }
}
