package dev.duplex.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.Base64;

/**
 * A message from the server: a direct message ({@code topic} is {@code null}) or a topic delivery.
 *
 * @param topic the topic it was published to, or {@code null} for a direct message
 * @param data  the payload, any JSON value (never Java {@code null}; a JSON {@code null} is {@code JsonNull}, and so
 *              is the data of a binary message)
 * @param bytes the bytes of a binary message ({@code Message.binary} on the server), or {@code null}
 */
public record DuplexMessage(String topic, JsonElement data, byte[] bytes) {

    /**
     * A JSON message.
     *
     * @param topic the topic it was published to, or {@code null} for a direct message
     * @param data  the payload
     */
    public DuplexMessage(String topic, JsonElement data) {
        this(topic, data, null);
    }

    static DuplexMessage of(String topic, JsonObject frame) {
        if (frame.has("b")) {
            byte[] bytes = Base64.getDecoder().decode(frame.get("b").getAsString());
            return new DuplexMessage(topic, JsonNull.INSTANCE, bytes);
        }
        return new DuplexMessage(topic, frame.get("d"));
    }

    /** {@return whether this is a binary message, whose bytes {@link #bytes()} holds}. */
    public boolean isBinary() {
        return bytes != null;
    }

    /**
     * The payload as a string, for a string payload (a {@code Message.text} on the server).
     *
     * @return the string
     */
    public String text() {
        return data.getAsString();
    }
}
