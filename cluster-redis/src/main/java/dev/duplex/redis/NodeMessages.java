package dev.duplex.redis;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.duplex.server.session.RemoteAnswer;
import dev.duplex.server.session.RemoteCall;

/**
 * What nodes say to each other on their channels, as JSON: a request names its kind ({@code k}), its id and the
 * node to answer; a reply names the request. Lossy like Redis pub/sub: every request has a timeout, and every
 * kind is safe to lose (a poll restarts from its ack, a send is re-sent and deduplicated by seq).
 */
final class NodeMessages {
    /** A poll or send another node received. */
    static final String CALL = "call";
    /** Another node's WebSocket pulls a session. */
    static final String PULL = "pull";
    /** A message for a channel, from {@code Hub.send}. */
    static final String MESSAGE = "msg";
    /** Which channels are open here. */
    static final String CENSUS = "census";
    /** The answer to any of them. */
    static final String REPLY = "reply";

    private NodeMessages() {
    }

    /** A request of kind {@code kind}, numbered {@code id}, to be answered to {@code from}. */
    static JsonObject request(String kind, String id, String from) {
        JsonObject json = new JsonObject();
        json.addProperty("k", kind);
        json.addProperty("id", id);
        json.addProperty("from", from);
        return json;
    }

    /** The reply to request {@code id}. */
    static JsonObject reply(String id) {
        JsonObject json = new JsonObject();
        json.addProperty("k", REPLY);
        json.addProperty("id", id);
        return json;
    }

    /** A reply that says the session moved on: ask again where it is. */
    static JsonObject moved(String id) {
        JsonObject json = reply(id);
        json.addProperty("moved", true);
        return json;
    }

    static JsonObject parse(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    static String string(JsonObject json, String name) {
        JsonElement value = json.get(name);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }

    static boolean flag(JsonObject json, String name) {
        JsonElement value = json.get(name);
        return value != null && !value.isJsonNull() && value.getAsBoolean();
    }

    /** Adds a forwarded request to {@code json}. */
    static JsonObject withCall(JsonObject json, RemoteCall call) {
        json.addProperty("kind", call.kind().name());
        withSession(json, call.sid(), call.token(), call.principal());
        json.addProperty("ack", call.ack());
        json.addProperty("probing", call.probing());
        json.addProperty("body", call.body());
        return json;
    }

    /** Adds a session's credentials to {@code json}. */
    static JsonObject withSession(JsonObject json, String sid, String token, String principal) {
        json.addProperty("sid", sid);
        json.addProperty("token", token);
        json.addProperty("principal", principal);
        return json;
    }

    static RemoteCall call(JsonObject json) {
        return new RemoteCall(RemoteCall.Kind.valueOf(json.get("kind").getAsString()), string(json, "sid"),
                string(json, "token"), string(json, "principal"), json.get("ack").getAsLong(), flag(json, "probing"),
                string(json, "body"));
    }

    /** The reply carrying a forwarded request's answer. */
    static JsonObject answer(String id, RemoteAnswer answer) {
        if (answer == RemoteAnswer.MOVED) {
            return moved(id);
        }
        JsonObject json = reply(id);
        json.addProperty("status", answer.status());
        json.addProperty("body", answer.body());
        return json;
    }

    static RemoteAnswer answer(JsonObject reply) {
        return new RemoteAnswer(reply.get("status").getAsInt(), string(reply, "body"));
    }
}
