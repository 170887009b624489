package dev.duplex.client;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The client's side of the wire (PROTOCOL.md section 3): it writes client frames with their members in the
 * documented order, so each has exactly one wire form, and reads server frames (one object, or an array).
 */
final class Codec {
    /** No HTML escaping (the golden vectors carry {@code café ☃} as is) and explicit {@code null}s. */
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private static final Set<String> SERVER_TYPES = Set.of(
            "msg", "suback", "unsuback", "error", "close", "ack", "ping", "pong", "welcome", "reset", "slow",
            "away", "req", "res");

    private Codec() {
    }

    static JsonObject msg(long seq, JsonElement data) {
        JsonObject frame = typed("msg", seq);
        frame.add("d", data);
        return frame;
    }

    static JsonObject sub(String type, long seq, String topic) {
        JsonObject frame = typed(type, seq);
        frame.addProperty("topic", topic);
        return frame;
    }

    static JsonObject pub(long seq, String topic, JsonElement data) {
        JsonObject frame = sub("pub", seq, topic);
        frame.add("d", data);
        return frame;
    }

    static JsonObject req(long seq, JsonElement data) {
        JsonObject frame = typed("req", seq);
        frame.add("d", data);
        return frame;
    }

    /** An answer: {@code data}, or, when it is null, a refusal with {@code code} and {@code message}. */
    static JsonObject res(long seq, long ref, JsonElement data, String code, String message) {
        JsonObject frame = typed("res", seq);
        frame.addProperty("ref", ref);
        if (data != null) {
            frame.add("d", data);
        } else {
            frame.addProperty("code", code);
            frame.addProperty("message", message);
        }
        return frame;
    }

    static JsonObject close(long seq, Integer code, String reason) {
        JsonObject frame = typed("close", seq);
        if (code != null) {
            frame.addProperty("code", code);
        }
        if (reason != null) {
            frame.addProperty("reason", reason);
        }
        return frame;
    }

    static JsonObject ack(long ack) {
        JsonObject frame = new JsonObject();
        frame.addProperty("t", "ack");
        frame.addProperty("ack", ack);
        return frame;
    }

    static JsonObject ping(String type, String id) {
        JsonObject frame = new JsonObject();
        frame.addProperty("t", type);
        if (id != null) {
            frame.addProperty("id", id);
        }
        return frame;
    }

    static JsonObject hello(String sid, String token, long ack) {
        JsonObject frame = new JsonObject();
        frame.addProperty("t", "hello");
        frame.addProperty("sid", sid);
        frame.addProperty("token", token);
        frame.addProperty("ack", ack);
        return frame;
    }

    /**
     * Re-writes any client frame in its canonical member order (used by the golden-vector test, which starts
     * from a decoded frame, and so the order of a frame never depends on how it was built).
     */
    static JsonObject canonical(JsonObject frame) {
        String type = frame.get("t").getAsString();
        JsonObject out = new JsonObject();
        out.addProperty("t", type);
        List<String> order = switch (type) {
            case "msg" -> List.of("seq", "d", "b");
            case "sub", "unsub" -> List.of("seq", "topic");
            case "pub" -> List.of("seq", "topic", "d", "b");
            case "close" -> List.of("seq", "code", "reason");
            case "req" -> List.of("seq", "d", "b");
            case "res" -> List.of("seq", "ref", "d", "b", "code", "message");
            case "ack" -> List.of("ack");
            case "ping", "pong" -> List.of("id");
            case "hello" -> List.of("sid", "token", "ack");
            default -> throw new IllegalArgumentException("not a client frame type");
        };
        for (String member : order) {
            if (frame.has(member)) {
                out.add(member, frame.get(member));
            }
        }
        return out;
    }

    /** The exact wire text of one frame. */
    static String encode(JsonObject frame) {
        return GSON.toJson(frame);
    }

    /** The exact wire text of a batch of already encoded frames. */
    static String encodeBatch(List<String> encodedFrames) {
        return "[" + String.join(",", encodedFrames) + "]";
    }

    /** The compact JSON text of a payload, whose length is what {@code maxMessage} limits. */
    static String payloadText(JsonElement data) {
        return GSON.toJson(data);
    }

    /**
     * Reads a server message (one frame or a batch) into frames.
     *
     * @throws IllegalArgumentException on malformed JSON, a non-object frame, or an unknown type
     */
    static List<JsonObject> decode(String text) {
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException("malformed JSON from the server", e);
        }
        List<JsonObject> frames = new ArrayList<>();
        if (root.isJsonArray()) {
            for (JsonElement element : (JsonArray) root) {
                frames.add(checked(element));
            }
        } else {
            frames.add(checked(root));
        }
        return frames;
    }

    private static JsonObject checked(JsonElement element) {
        if (!element.isJsonObject()) {
            throw new IllegalArgumentException("a server frame is not a JSON object");
        }
        JsonObject frame = element.getAsJsonObject();
        JsonElement type = frame.get("t");
        if (!(type instanceof JsonPrimitive) || !type.getAsJsonPrimitive().isString()
                || !SERVER_TYPES.contains(type.getAsString())) {
            throw new IllegalArgumentException("unknown server frame type");
        }
        return frame;
    }

    static long number(JsonObject frame, String member) {
        JsonElement value = frame.get(member);
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException("missing or mistyped member " + member);
        }
        return value.getAsLong();
    }

    static String text(JsonObject frame, String member) {
        JsonElement value = frame.get(member);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }

    private static JsonObject typed(String type, long seq) {
        JsonObject frame = new JsonObject();
        frame.addProperty("t", type);
        frame.addProperty("seq", seq);
        return frame;
    }
}
