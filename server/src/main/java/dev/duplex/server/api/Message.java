package dev.duplex.server.api;

import dev.duplex.server.protocol.Json;
import java.util.Objects;

/**
 * One application message: any JSON value. Immutable and cheap to share between channels.
 *
 * <p>Most applications send text: {@code Message.text("hi")}. Structured data travels as JSON:
 * {@code Message.json("{\"price\":1.08}")}; the JSON text is validated and compacted once, here.
 */
public final class Message {
    private final String json;

    private Message(String json) {
        this.json = json;
    }

    /**
     * A message whose payload is the JSON string {@code text}.
     *
     * @param text any string
     * @return the message
     */
    public static Message text(String text) {
        return new Message(Json.quote(Objects.requireNonNull(text, "text")));
    }

    /**
     * A message whose payload is the given JSON value.
     *
     * @throws IllegalArgumentException if {@code json} is not one well-formed JSON value
     * @param json one JSON value, as text
     * @return the message
     */
    public static Message json(String json) {
        return new Message(Json.compact(Objects.requireNonNull(json, "json")));
    }

    /**
     * Whether the payload is a JSON string.
     *
     * @return whether the payload is a JSON string
     */
    public boolean isText() {
        return json.charAt(0) == '"';
    }

    /**
     * The payload as text.
     *
     * @throws IllegalStateException if the payload is not a JSON string
     * @return the string
     */
    public String text() {
        if (!isText()) {
            throw new IllegalStateException("payload is not a JSON string");
        }
        return Json.unquote(json);
    }

    /**
     * The payload as compact JSON text.
     *
     * @return the payload as compact JSON text
     */
    public String json() {
        return json;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Message m && m.json.equals(json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return json.length() > 200 ? json.substring(0, 200) + "…" : json;
    }
}
