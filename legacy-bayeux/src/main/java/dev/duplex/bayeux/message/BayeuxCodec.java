package dev.duplex.bayeux.message;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes Bayeux batches. A batch is a JSON array of message objects; a lone object is accepted too,
 * as Bayeux allows. Messages stay Gson trees: Bayeux messages are open-ended ({@code ext}, {@code advice},
 * arbitrary {@code data}), and replies echo parts of requests, so a typed model would only copy fields.
 */
public final class BayeuxCodec {
    private final int maxMessages;

    /** A codec that refuses batches of more than {@code maxMessages} messages. */
    public BayeuxCodec(int maxMessages) {
        this.maxMessages = maxMessages;
    }

    /**
     * Parses a batch.
     *
     * @throws BayeuxException with a {@code 400} error if the text is not a batch of message objects,
     *                         or a {@code 413} if it holds too many
     */
    public List<JsonObject> parse(String text) throws BayeuxException {
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new BayeuxException(BayeuxError.BAD_REQUEST, "the body is not JSON");
        }
        List<JsonObject> messages = new ArrayList<>();
        if (root.isJsonObject()) {
            messages.add(root.getAsJsonObject());
        } else if (root.isJsonArray()) {
            JsonArray array = root.getAsJsonArray();
            if (array.size() > maxMessages) {
                throw new BayeuxException(BayeuxError.TOO_LARGE, "at most " + maxMessages + " messages per batch");
            }
            for (JsonElement element : array) {
                if (!element.isJsonObject()) {
                    throw new BayeuxException(BayeuxError.BAD_REQUEST, "a batch holds message objects only");
                }
                messages.add(element.getAsJsonObject());
            }
        } else {
            throw new BayeuxException(BayeuxError.BAD_REQUEST, "the body is not a Bayeux message or batch");
        }
        if (messages.isEmpty()) {
            throw new BayeuxException(BayeuxError.BAD_REQUEST, "empty batch");
        }
        return messages;
    }

    /** Writes a batch as a JSON array. */
    public static String write(List<JsonObject> messages) {
        JsonArray array = new JsonArray(messages.size());
        messages.forEach(array::add);
        return array.toString();
    }

    /** A string member, or null when absent or not a string. */
    public static String string(JsonObject message, String name) {
        JsonElement value = message.get(name);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
                ? value.getAsString() : null;
    }

    /** An object member, or null when absent or not an object. */
    public static JsonObject object(JsonObject message, String name) {
        JsonElement value = message.get(name);
        return value != null && value.isJsonObject() ? value.getAsJsonObject() : null;
    }
}
