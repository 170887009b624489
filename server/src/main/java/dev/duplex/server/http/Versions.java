package dev.duplex.server.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.ProtocolException;

/**
 * Protocol version negotiation at the handshake (PROTOCOL.md section 2.1): the client asks for the highest
 * version it speaks, and the server answers with the highest version it speaks that is not above it.
 */
public final class Versions {
    /** The only version this server speaks. */
    public static final int CURRENT = 1;

    private Versions() {
    }

    /**
     * The version to answer a handshake body with: {@link #CURRENT} for an empty body or one without
     * {@code v}, else the lower of {@code v} and {@link #CURRENT}.
     *
     * @throws ProtocolException {@code bad_request} for a body that is not a JSON object,
     *                           {@code unsupported_version} for a {@code v} that is not an integer of at least 1
     */
    public static int negotiate(String body) throws ProtocolException {
        if (body.isBlank()) {
            return CURRENT;
        }
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(body);
        } catch (JsonParseException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "the handshake body must be a JSON object");
        }
        if (!parsed.isJsonObject()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "the handshake body must be a JSON object");
        }
        JsonObject handshake = parsed.getAsJsonObject();
        JsonElement v = handshake.get("v");
        if (v == null) {
            return CURRENT;
        }
        if (!(v instanceof JsonPrimitive p) || !p.isNumber() || !p.getAsString().matches("[1-9][0-9]{0,8}")) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION,
                    "member 'v' must be a protocol version, an integer from 1; this server speaks " + CURRENT);
        }
        return Math.min(Integer.parseInt(p.getAsString()), CURRENT);
    }
}
