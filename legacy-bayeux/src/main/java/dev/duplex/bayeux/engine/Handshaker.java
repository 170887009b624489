package dev.duplex.bayeux.engine;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.duplex.bayeux.BayeuxOptions;
import dev.duplex.bayeux.message.BayeuxCodec;
import dev.duplex.bayeux.message.BayeuxError;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.ProtocolException;
import dev.duplex.server.hub.DefaultHub;

/**
 * Answers {@code /meta/handshake}: opens a Duplex session for the client. A refusal is always a reply with
 * {@code successful:false} and {@code advice}, never an HTTP error: {@code cometd.js} takes a failed
 * long-polling handshake to a cross-origin URL as a reason to fall back to JSONP, and stays there.
 */
final class Handshaker {
    /** How long an overloaded server asks clients to wait before they handshake again. */
    static final long OVERLOAD_BACKOFF_MILLIS = 5_000;

    private final DefaultHub hub;
    private final BayeuxOptions options;
    private final JsonArray connectionTypes;

    Handshaker(DefaultHub hub, BayeuxOptions options, JsonArray connectionTypes) {
        this.hub = hub;
        this.options = options;
        this.connectionTypes = connectionTypes;
    }

    JsonObject handshake(JsonObject request, RequestInfo info) {
        if (!offers(request, info)) {
            JsonObject reply = Replies.failure(request, BayeuxError.NOT_ACCEPTABLE.describe(
                    "this server offers long-polling and websocket only; callback-polling (JSONP) is refused"),
                    "none");
            reply.add("supportedConnectionTypes", connectionTypes.deepCopy());
            return reply;
        }
        DefaultHub.NewSession opened;
        try {
            opened = hub.open(info.handshake());
        } catch (ProtocolException e) {
            if (e.code() == ErrorCode.TOO_MANY_SESSIONS) {
                JsonObject reply = Replies.failure(request, BayeuxError.UNAVAILABLE.describe(e.getMessage()), null);
                JsonObject advice = Replies.advice("handshake", -1);
                advice.addProperty("interval", OVERLOAD_BACKOFF_MILLIS);
                reply.add("advice", advice);
                return reply;
            }
            return Replies.failure(request, BayeuxError.FORBIDDEN.describe("handshake refused"), "none");
        }
        boolean acks = ackRequested(request);
        String clientId = opened.session().id() + "." + opened.token();
        String browser = options.browserBinding() ? info.browserId() : null;
        LegacyClient client = new LegacyClient(opened.session(), clientId, browser, acks,
                info.transport(), options, hub);
        opened.session().attribute(LegacyClient.ATTRIBUTE, client);
        opened.session().attach(client);
        JsonObject reply = Replies.success(request);
        reply.addProperty("clientId", clientId);
        reply.addProperty("version", "1.0");
        reply.addProperty("minimumVersion", "1.0");
        reply.add("supportedConnectionTypes", connectionTypes.deepCopy());
        reply.add("advice", Replies.advice("retry", options.timeoutMillis()));
        if (acks) {
            JsonObject ext = new JsonObject();
            ext.addProperty("ack", true);
            reply.add("ext", ext);
        }
        return reply;
    }

    /** Whether the client supports the transport that carries this request. */
    private static boolean offers(JsonObject request, RequestInfo info) {
        JsonElement types = request.get("supportedConnectionTypes");
        if (types == null || !types.isJsonArray()) {
            return true;
        }
        for (JsonElement type : types.getAsJsonArray()) {
            if (type.isJsonPrimitive() && BayeuxEngine.transportOf(type.getAsString()) == info.transport()) {
                return true;
            }
        }
        return false;
    }

    private static boolean ackRequested(JsonObject request) {
        JsonObject ext = BayeuxCodec.object(request, "ext");
        JsonElement ack = ext == null ? null : ext.get("ack");
        return ack != null && ack.isJsonPrimitive() && ack.getAsJsonPrimitive().isBoolean() && ack.getAsBoolean();
    }
}
