package dev.duplex.client;

import com.google.gson.JsonElement;

/**
 * A message from the server: a direct message ({@code topic} is {@code null}) or a topic delivery.
 *
 * @param topic the topic it was published to, or {@code null} for a direct message
 * @param data  the payload, any JSON value (never Java {@code null}; a JSON {@code null} is {@code JsonNull})
 */
public record DuplexMessage(String topic, JsonElement data) {
    /**
     * The payload as a string, for a string payload (a {@code Message.text} on the server).
     *
     * @return the string
     */
    public String text() {
        return data.getAsString();
    }
}
