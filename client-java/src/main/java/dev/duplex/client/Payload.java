package dev.duplex.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Base64;

/**
 * An outgoing payload as its frame member (PROTOCOL.md section 3.5): a {@code byte[]} travels as base64 in
 * {@code b}, anything else as JSON in {@code d}. {@link #value()} is also what {@code maxMessage} counts: for
 * bytes, the base64 text as a JSON string (with its quotes), as the server counts it.
 */
record Payload(String member, JsonElement value) {

    static Payload of(Object payload) {
        if (payload instanceof byte[] bytes) {
            return new Payload("b", new JsonPrimitive(Base64.getEncoder().encodeToString(bytes)));
        }
        return new Payload("d", DuplexClient.json(payload));
    }

    /** Adds this payload to {@code frame}; returns the frame. */
    JsonObject into(JsonObject frame) {
        frame.add(member, value);
        return frame;
    }
}
