package dev.duplex.testkit;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** JSON for values crossing the browser boundary. */
public final class Json {
    private static final Gson GSON = new GsonBuilder().serializeNulls().create();

    private Json() {
    }

    /** Parses JSON text into null, Boolean, Double, String, List or Map. */
    public static Object parse(String text) {
        return text == null ? null : GSON.fromJson(text, Object.class);
    }

    /** Writes {@code value} as JSON text, e.g. to embed a Java string in a script. */
    public static String write(Object value) {
        return GSON.toJson(value);
    }
}
