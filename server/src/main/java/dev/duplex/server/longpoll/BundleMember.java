package dev.duplex.server.longpoll;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.FrameCodec;
import dev.duplex.server.protocol.ProtocolException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One session of a bundled poll's body (PROTOCOL.md section 2.5): its id, its token, the client's cumulative ack
 * of its frames, and whether a WebSocket probe is under way for it.
 *
 * @param sid   the session id
 * @param token the session's secret
 * @param ack   the client's cumulative ack of the session's server frames
 * @param probe whether the poll must not supersede the session's WebSocket ({@code X-Duplex-Probe: 1})
 */
record BundleMember(String sid, String token, long ack, boolean probe) {
    /** The longest {@code sid} or {@code token} accepted (a clustered sid is at most 55 characters). */
    static final int MAX_ID_LENGTH = 64;

    /**
     * The members of a bundled poll's body: a JSON array of 1 to {@code maxBundle} objects with distinct
     * {@code sid}s. Unknown members of an object are ignored, as in frames.
     *
     * @throws ProtocolException {@code too_large} beyond {@code maxBundle} sessions, {@code bad_request} for
     *                           anything else that is not such an array
     */
    static List<BundleMember> parse(String body, int maxBundle) throws ProtocolException {
        List<BundleMember> members = new ArrayList<>();
        Set<String> sids = new HashSet<>();
        try (JsonReader reader = new JsonReader(new StringReader(body))) {
            reader.setStrictness(Strictness.STRICT);
            reader.setNestingLimit(8);
            reader.beginArray();
            while (reader.hasNext()) {
                if (members.size() == maxBundle) {
                    throw new ProtocolException(ErrorCode.TOO_LARGE,
                            "more than maxBundle=" + maxBundle + " sessions in one bundled poll");
                }
                BundleMember member = member(reader);
                if (!sids.add(member.sid())) {
                    throw refused("a session appears twice in the bundle");
                }
                members.add(member);
            }
            reader.endArray();
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw refused("trailing data after the bundle");
            }
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw refused("the body is not a bundle: " + e.getClass().getSimpleName());
        }
        if (members.isEmpty()) {
            throw refused("an empty bundle");
        }
        return members;
    }

    private static BundleMember member(JsonReader reader) throws IOException, ProtocolException {
        String sid = null;
        String token = null;
        long ack = -1;
        boolean probe = false;
        reader.beginObject();
        while (reader.hasNext()) {
            switch (reader.nextName()) {
                case "sid" -> sid = id(reader);
                case "token" -> token = id(reader);
                case "ack" -> ack = ack(reader);
                case "probe" -> probe = reader.nextBoolean();
                default -> reader.skipValue();
            }
        }
        reader.endObject();
        if (sid == null || token == null || ack < 0) {
            throw refused("each session of a bundle needs sid, token and ack");
        }
        return new BundleMember(sid, token, ack, probe);
    }

    private static String id(JsonReader reader) throws IOException, ProtocolException {
        String value = reader.peek() == JsonToken.STRING ? reader.nextString() : null;
        if (value == null || value.isEmpty() || value.length() > MAX_ID_LENGTH) {
            throw refused("sid and token must be strings of 1 to " + MAX_ID_LENGTH + " characters");
        }
        return value;
    }

    /** An integer from 0 to 2^53 - 1 written without sign, fraction or exponent, as {@code X-Duplex-Ack}. */
    private static long ack(JsonReader reader) throws IOException, ProtocolException {
        String value = reader.peek() == JsonToken.NUMBER ? reader.nextString() : "";
        if (!value.matches("0|[1-9][0-9]{0,15}") || Long.parseLong(value) > FrameCodec.MAX_SAFE_INTEGER) {
            throw refused("ack must be an integer from 0 to 2^53 - 1");
        }
        return Long.parseLong(value);
    }

    private static ProtocolException refused(String message) {
        return new ProtocolException(ErrorCode.BAD_REQUEST, message);
    }
}
