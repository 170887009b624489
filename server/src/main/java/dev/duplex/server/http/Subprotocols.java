package dev.duplex.server.http;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The subprotocols a handshake offers (PROTOCOL.md section 2.1): the {@code protocols} member, a list of
 * RFC 6455 subprotocol names, as a browser's {@code new WebSocket(url, protocols)} takes them.
 */
public final class Subprotocols {
    /** The most names one handshake may offer. */
    public static final int MAX_OFFERED = 16;
    /** An HTTP token (RFC 9110), which is what {@code Sec-WebSocket-Protocol} carries; at most 64 characters. */
    private static final Pattern NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]{1,64}");

    private Subprotocols() {
    }

    /**
     * The names offered by a handshake body that {@link Versions#negotiate} accepted: empty when the body is empty
     * or has no {@code protocols}.
     *
     * @throws ProtocolException {@code bad_request} unless {@code protocols} is an array of 1 to 16 distinct names
     */
    public static List<String> offered(String body) throws ProtocolException {
        if (body.isBlank()) {
            return List.of();
        }
        JsonElement protocols = JsonParser.parseString(body).getAsJsonObject().get("protocols");
        if (protocols == null) {
            return List.of();
        }
        if (!(protocols instanceof JsonArray names) || names.isEmpty() || names.size() > MAX_OFFERED) {
            throw refused();
        }
        List<String> offered = new ArrayList<>(names.size());
        for (JsonElement name : names) {
            if (!(name instanceof JsonPrimitive p) || !p.isString() || !NAME.matcher(p.getAsString()).matches()
                    || offered.contains(p.getAsString())) {
                throw refused();
            }
            offered.add(p.getAsString());
        }
        return List.copyOf(offered);
    }

    private static ProtocolException refused() {
        return new ProtocolException(ErrorCode.BAD_REQUEST, "member 'protocols' must be an array of 1 to "
                + MAX_OFFERED + " distinct subprotocol names (RFC 6455 tokens)");
    }
}
