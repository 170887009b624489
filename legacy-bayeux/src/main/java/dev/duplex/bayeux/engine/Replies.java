package dev.duplex.bayeux.engine;

import com.google.gson.JsonObject;

/** Builds Bayeux replies, which echo the request's {@code channel}, {@code id} and {@code clientId}. */
final class Replies {
    private Replies() {
    }

    /** {@code {channel, id, clientId, successful:true}}. */
    static JsonObject success(JsonObject request) {
        JsonObject reply = echo(request);
        reply.addProperty("successful", true);
        return reply;
    }

    /** {@code {channel, id, clientId, successful:false, error}}, with {@code advice.reconnect} if given. */
    static JsonObject failure(JsonObject request, String error, String reconnect) {
        JsonObject reply = echo(request);
        reply.addProperty("successful", false);
        reply.addProperty("error", error);
        if (reconnect != null) {
            reply.add("advice", advice(reconnect, -1));
        }
        return reply;
    }

    /** {@code {reconnect, interval:0}}, with {@code timeout} unless it is negative. */
    static JsonObject advice(String reconnect, long timeout) {
        JsonObject advice = new JsonObject();
        advice.addProperty("reconnect", reconnect);
        advice.addProperty("interval", 0);
        if (timeout >= 0) {
            advice.addProperty("timeout", timeout);
        }
        return advice;
    }

    private static JsonObject echo(JsonObject request) {
        JsonObject reply = new JsonObject();
        for (String member : new String[] {"channel", "id", "clientId", "subscription"}) {
            if (request.has(member)) {
                reply.add(member, request.get(member));
            }
        }
        return reply;
    }
}
