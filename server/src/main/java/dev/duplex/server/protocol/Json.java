package dev.duplex.server.protocol;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;

/** The few JSON operations Duplex needs, on Gson's streaming reader and writer, with nesting bounded. */
public final class Json {
    /** Deepest nesting accepted inside a payload; deeper input is refused rather than risking the stack. */
    public static final int MAX_PAYLOAD_DEPTH = 64;

    private Json() {
    }

    /** A strict reader over {@code text} that refuses nesting beyond {@code extraDepth} + payload depth. */
    static JsonReader reader(String text, int extraDepth) {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        reader.setNestingLimit(MAX_PAYLOAD_DEPTH + extraDepth);
        return reader;
    }

    /** The JSON string literal for {@code text}. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2);
        quoteTo(text, out);
        return out.toString();
    }

    /** Appends the JSON string literal for {@code text}. */
    public static void quoteTo(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // Control characters must be escaped; U+2028/9 too, for old engines that eval JSON.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * The text of one JSON string literal.
     *
     * @throws IllegalArgumentException if {@code literal} is not exactly one JSON string
     */
    public static String unquote(String literal) {
        try {
            JsonReader reader = reader(literal, 0);
            String value = reader.nextString();
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("not a single JSON string");
            }
            return value;
        } catch (IOException | IllegalStateException e) {
            throw new IllegalArgumentException("not a JSON string", e);
        }
    }

    /**
     * One JSON value, validated and rewritten without insignificant white space.
     *
     * @throws IllegalArgumentException if {@code json} is not exactly one well-formed JSON value
     */
    public static String compact(String json) {
        try {
            JsonReader reader = reader(json, 0);
            String compact = copyValue(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("more than one JSON value");
            }
            return compact;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new IllegalArgumentException("not well-formed JSON: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Reads the next value from {@code reader} and returns it as compact JSON text. Iterative, so the only
     * bound on depth is the reader's nesting limit.
     */
    static String copyValue(JsonReader reader) throws IOException {
        StringWriter text = new StringWriter();
        JsonWriter writer = new JsonWriter(text);
        writer.setHtmlSafe(false);
        writer.setStrictness(Strictness.STRICT);
        int depth = 0;
        do {
            JsonToken token = reader.peek();
            switch (token) {
                case BEGIN_ARRAY -> {
                    reader.beginArray();
                    writer.beginArray();
                    depth++;
                }
                case END_ARRAY -> {
                    reader.endArray();
                    writer.endArray();
                    depth--;
                }
                case BEGIN_OBJECT -> {
                    reader.beginObject();
                    writer.beginObject();
                    depth++;
                }
                case END_OBJECT -> {
                    reader.endObject();
                    writer.endObject();
                    depth--;
                }
                case NAME -> writer.name(reader.nextName());
                case STRING -> writer.value(reader.nextString());
                case NUMBER -> writer.jsonValue(reader.nextString());
                case BOOLEAN -> writer.value(reader.nextBoolean());
                case NULL -> {
                    reader.nextNull();
                    writer.nullValue();
                }
                default -> throw new IOException("unexpected " + token);
            }
        } while (depth > 0);
        writer.flush();
        return text.toString();
    }
}
