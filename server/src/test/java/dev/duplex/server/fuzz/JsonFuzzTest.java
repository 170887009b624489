package dev.duplex.server.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.duplex.server.protocol.Json;

/**
 * Fuzz targets for {@link Json}, which validates every application payload ({@code Message.json}) and reads
 * string payloads back ({@code Message.text}). Property: {@link IllegalArgumentException} or a result that
 * is canonical (compacting it again changes nothing) and means the same JSON value; never anything else.
 */
class JsonFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void compact(byte[] data) {
        String json = FuzzInputs.text(data);
        String compact;
        try {
            compact = Json.compact(json);
        } catch (IllegalArgumentException refused) {
            return;
        }
        String again;
        try {
            again = Json.compact(compact);
        } catch (IllegalArgumentException e) {
            throw new AssertionError("compact output is not JSON: " + compact, e);
        }
        if (!again.equals(compact)) {
            throw new AssertionError("compact is not idempotent: " + compact + " then " + again);
        }
        JsonElement before = JsonParser.parseString(json);
        JsonElement after = JsonParser.parseString(compact);
        if (!before.equals(after)) {
            throw new AssertionError("compact changed the value: " + json + " became " + compact);
        }
        if (compact.startsWith("\"")) {
            // What Message.text() does with a string payload.
            String text = Json.unquote(compact);
            if (!Json.quote(text).equals(compact)) {
                throw new AssertionError("quote and compact disagree on " + compact + ": " + Json.quote(text));
            }
        }
    }

    @FuzzTest(maxDuration = "2m")
    void unquote(byte[] data) {
        String literal = FuzzInputs.text(data);
        String text;
        try {
            text = Json.unquote(literal);
        } catch (IllegalArgumentException refused) {
            return;
        }
        String quoted = Json.quote(text);
        if (!Json.unquote(quoted).equals(text)) {
            throw new AssertionError("quote does not round-trip " + literal);
        }
        if (!Json.compact(quoted).equals(quoted)) {
            throw new AssertionError("quote is not canonical: " + quoted);
        }
    }
}
