package dev.duplex.server.api;

import dev.duplex.server.protocol.Json;
import dev.duplex.server.protocol.Payloads;
import java.util.Objects;

/**
 * One application message: any JSON value, or bytes. Immutable and cheap to share between channels.
 *
 * <p>Most applications send text: {@code Message.text("hi")}. Structured data travels as JSON:
 * {@code Message.json("{\"price\":1.08}")}; the JSON text is validated and compacted once, here. Bytes travel as
 * {@code Message.binary(bytes)}: a page receives an {@code ArrayBuffer}, and what a page sends as an
 * {@code ArrayBuffer} or typed array arrives here with {@link #isBinary()} set. Binary and JSON messages share one
 * sequence: they arrive exactly once and in the order they were sent, on either transport (PROTOCOL.md 3.5).
 */
public final class Message {
    /** JSON text, or a binary payload in the form of {@link Payloads}. */
    private final String payload;

    private Message(String payload) {
        this.payload = payload;
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
     * A binary message carrying a copy of {@code bytes}.
     *
     * @param bytes the payload
     * @return the message
     */
    public static Message binary(byte[] bytes) {
        return new Message(Payloads.binary(Objects.requireNonNull(bytes, "bytes")));
    }

    /**
     * A message from a payload in the server's internal form ({@link #wire()}), as Duplex's own adapters and
     * brokers carry it: JSON text (validated and compacted, as {@link #json(String)} does) or a binary payload.
     *
     * @param payload the payload in wire form
     * @return the message
     */
    public static Message wire(String payload) {
        return Payloads.isBinary(Objects.requireNonNull(payload, "payload")) ? new Message(payload) : json(payload);
    }

    /**
     * Whether the payload is a JSON string.
     *
     * @return whether the payload is a JSON string
     */
    public boolean isText() {
        return payload.charAt(0) == '"';
    }

    /** Whether the payload is bytes ({@link #binary}) rather than JSON. */
    public boolean isBinary() {
        return Payloads.isBinary(payload);
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
        return Json.unquote(payload);
    }

    /**
     * The payload as compact JSON text.
     *
     * @return the payload as compact JSON text
     * @throws IllegalStateException if the payload is binary (use {@link #bytes()})
     */
    public String json() {
        if (isBinary()) {
            throw new IllegalStateException("the payload is binary: use bytes()");
        }
        return payload;
    }

    /**
     * The bytes of a binary payload, as a new array.
     *
     * @throws IllegalStateException if the payload is JSON
     */
    public byte[] bytes() {
        return Payloads.bytes(payload);
    }

    /** The payload in the server's internal form, JSON text or binary; see {@link #wire(String)}. */
    public String wire() {
        return payload;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Message m && m.payload.equals(payload);
    }

    @Override
    public int hashCode() {
        return payload.hashCode();
    }

    @Override
    public String toString() {
        if (isBinary()) {
            return "binary(" + (payload.length() - 1) / 4 * 3 + " bytes at most)";
        }
        return payload.length() > 200 ? payload.substring(0, 200) + "…" : payload;
    }
}
