package dev.duplex.bayeux.engine;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.duplex.bayeux.BayeuxCall;
import dev.duplex.bayeux.message.BayeuxError;
import dev.duplex.bayeux.message.ChannelNames;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a drained batch of the session's numbered frames into Bayeux messages. Topic deliveries go to the
 * topic's channel; {@code Channel.send} messages to the direct channel, or, when they are
 * {@link BayeuxCall} replies, to the call's service channel with its id. Acknowledgements of subscribes and
 * refusals were already answered in the reply to their own request, so they are skipped here.
 *
 * @param messages  the Bayeux messages, in order
 * @param lost      the session lost frames ({@code reset}): the client must handshake again
 * @param closed    the server closed the channel
 */
record Outbound(List<JsonObject> messages, boolean lost, boolean closed) {

    /** Whether these frames say nothing to the client: no message, no loss, no close. */
    boolean silent() {
        return messages.isEmpty() && !lost && !closed;
    }

    /** Translates {@code framesJson}, a JSON array of Duplex frames. */
    static Outbound of(String framesJson, String directChannel) {
        List<JsonObject> messages = new ArrayList<>();
        boolean lost = false;
        boolean closed = false;
        for (JsonElement element : JsonParser.parseString(framesJson).getAsJsonArray()) {
            JsonObject frame = element.getAsJsonObject();
            switch (frame.get("t").getAsString()) {
                case "msg" -> messages.add(message(frame, directChannel));
                case "reset" -> lost = true;
                case "close" -> closed = true;
                default -> {
                    // suback, unsuback, error: answered synchronously, see LegacyClient.submit
                }
            }
        }
        return new Outbound(messages, lost, closed);
    }

    private static JsonObject message(JsonObject frame, String directChannel) {
        JsonElement data = frame.get("d");
        JsonObject out = new JsonObject();
        if (frame.has("topic")) {
            out.addProperty("channel", ChannelNames.channelOf(frame.get("topic").getAsString()));
            out.add("data", data);
            return out;
        }
        if (data.isJsonObject() && data.getAsJsonObject().has(BayeuxCall.ENVELOPE)
                && data.getAsJsonObject().get(BayeuxCall.ENVELOPE).isJsonObject()) {
            JsonObject head = data.getAsJsonObject().getAsJsonObject(BayeuxCall.ENVELOPE);
            for (String member : List.of("channel", "id", "successful", "error")) {
                if (head.has(member)) {
                    out.add(member, head.get(member));
                }
            }
            if (data.getAsJsonObject().has("data")) {
                out.add("data", data.getAsJsonObject().get("data"));
            }
            if (out.has("error") && !out.get("error").getAsString().contains("::")) {
                out.addProperty("error", BayeuxError.FORBIDDEN.describe(out.get("error").getAsString()));
            }
            return out;
        }
        out.addProperty("channel", directChannel);
        out.add("data", data);
        return out;
    }
}
