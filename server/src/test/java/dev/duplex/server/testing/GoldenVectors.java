package dev.duplex.server.testing;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** protocol/golden-vectors.json, the one file of wire vectors that the Java and the JavaScript tests read. */
public final class GoldenVectors {
    private GoldenVectors() {
    }

    /** The whole file, parsed. */
    public static JsonObject load() {
        try (InputStream in = GoldenVectors.class.getResourceAsStream("/golden-vectors.json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
