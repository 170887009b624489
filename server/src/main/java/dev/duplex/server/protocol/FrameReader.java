package dev.duplex.server.protocol;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.duplex.server.protocol.FrameCodec.Direction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one frame object: collects its members, then builds the typed frame, refusing anything the
 * protocol does not allow in that direction. One instance per frame; not shared.
 */
final class FrameReader {
    private static final Pattern NON_NEGATIVE_INTEGER = Pattern.compile("0|[1-9][0-9]{0,15}");

    private final Set<String> seen = new HashSet<>();
    private String type;
    private Long seq;
    private Long ack;
    private Long ref;
    private Long from;
    private Long to;
    private Long retry;
    private Integer intCode;
    private String stringCode;
    private String id;
    private String sid;
    private String token;
    private String topic;
    private String reason;
    private String message;
    private String payload;
    private String binary;
    private List<String> topics;

    private FrameReader() {
    }

    static Frame read(JsonReader reader, Direction direction) throws IOException, ProtocolException {
        FrameReader frame = new FrameReader();
        frame.readMembers(reader);
        return direction == Direction.CLIENT_TO_SERVER ? frame.clientFrame() : frame.serverFrame();
    }

    private void readMembers(JsonReader reader) throws IOException, ProtocolException {
        if (reader.peek() != JsonToken.BEGIN_OBJECT) {
            throw bad("expected a frame object");
        }
        reader.beginObject();
        while (reader.hasNext()) {
            String name = reader.nextName();
            if (isKnown(name) && !seen.add(name)) {
                throw bad("duplicate member");
            }
            switch (name) {
                case "t" -> type = string(reader, name);
                case "seq" -> seq = integer(reader, name);
                case "ack" -> ack = integer(reader, name);
                case "ref" -> ref = integer(reader, name);
                case "from" -> from = integer(reader, name);
                case "to" -> to = integer(reader, name);
                case "retry" -> retry = integer(reader, name);
                case "code" -> readCode(reader);
                case "id" -> id = bounded(string(reader, name), FrameCodec.MAX_ID_LENGTH, name);
                case "sid" -> sid = bounded(string(reader, name), FrameCodec.maxCredentialLength(), name);
                case "token" -> token = bounded(string(reader, name), FrameCodec.maxCredentialLength(), name);
                case "topic" -> topic = string(reader, name);
                case "reason" -> reason = string(reader, name);
                case "message" -> message = string(reader, name);
                case "d" -> payload = Json.copyValue(reader);
                case "b" -> binary = Payloads.fromBase64(string(reader, name));
                case "topics" -> topics = stringArray(reader, name);
                default -> reader.skipValue();
            }
        }
        reader.endObject();
        if (type == null) {
            throw bad("missing member 't'");
        }
    }

    private static boolean isKnown(String name) {
        return switch (name) {
            case "t", "seq", "ack", "ref", "from", "to", "retry", "code", "id", "sid", "token", "topic", "reason",
                    "message", "d", "b", "topics" -> true;
            default -> false;
        };
    }

    private Frame clientFrame() throws ProtocolException {
        return switch (type) {
            case "msg" -> new Frame.Msg(seq(), null, payload());
            case "sub" -> new Frame.Sub(seq(), required(topic, "topic"));
            case "unsub" -> new Frame.Unsub(seq(), required(topic, "topic"));
            case "pub" -> new Frame.Pub(seq(), required(topic, "topic"), payload());
            case "close" -> new Frame.Close(seq(), intCode(false), reason);
            case "req", "res" -> requestFrame();
            case "ack" -> new Frame.Ack(required(ack, "ack"));
            case "ping" -> new Frame.Ping(id);
            case "pong" -> new Frame.Pong(id);
            case "hello" -> new Frame.Hello(required(sid, "sid"), required(token, "token"), required(ack, "ack"));
            case "fallback" -> new Frame.Fallback(bounded(required(reason, "reason"), FrameCodec.MAX_ID_LENGTH,
                    "reason"));
            default -> throw bad("unknown frame type");
        };
    }

    private Frame serverFrame() throws ProtocolException {
        return switch (type) {
            case "msg" -> new Frame.Msg(seq(), topic, payload());
            case "suback" -> new Frame.SubAck(seq(), positive(ref, "ref"), required(topic, "topic"));
            case "unsuback" -> new Frame.UnsubAck(seq(), positive(ref, "ref"), required(topic, "topic"));
            case "error" -> new Frame.Error(seq(), ref == null ? 0 : positive(ref, "ref"),
                    required(stringCode, "code"), required(message, "message"));
            case "close" -> new Frame.Close(seq(), intCode(true), required(reason, "reason"));
            case "req", "res" -> requestFrame();
            case "ack" -> new Frame.Ack(required(ack, "ack"));
            case "ping" -> new Frame.Ping(id);
            case "pong" -> new Frame.Pong(id);
            case "welcome" -> new Frame.Welcome(required(sid, "sid"), required(ack, "ack"));
            case "slow" -> new Frame.Slow(positive(retry, "retry"));
            case "away" -> new Frame.Away(positive(retry, "retry"));
            case "reset" -> new Frame.Reset(required(reason, "reason"), positive(from, "from"),
                    positive(to, "to"), required(topics, "topics"));
            default -> throw bad("unknown frame type");
        };
    }

    /** A request or its answer: the same in both directions. */
    private Frame requestFrame() throws ProtocolException {
        if (type.equals("req")) {
            return new Frame.Req(seq(), payload());
        }
        long answered = positive(ref, "ref");
        if (payload != null || binary != null) {
            if (stringCode != null || intCode != null || message != null) {
                throw bad("an answer carries either 'd' or 'code' and 'message'");
            }
            return new Frame.Res(seq(), answered, payload(), null, null);
        }
        if (intCode != null || stringCode == null || stringCode.isEmpty()
                || stringCode.length() > FrameCodec.MAX_ID_LENGTH) {
            throw bad("member 'code' of a refused answer must be a string of 1 to 64 characters");
        }
        return new Frame.Res(seq(), answered, null, stringCode, required(message, "message"));
    }

    /** The payload: {@code d} (JSON) or {@code b} (binary), exactly one of them. */
    private String payload() throws ProtocolException {
        if (payload != null && binary != null) {
            throw bad("a frame carries either 'd' or 'b'");
        }
        return payload != null ? payload : required(binary, "d");
    }

    private long seq() throws ProtocolException {
        return positive(seq, "seq");
    }

    private Integer intCode(boolean required) throws ProtocolException {
        if (stringCode != null) {
            throw bad("member 'code' must be an integer");
        }
        return required ? required(intCode, "code") : intCode;
    }

    private static long positive(Long value, String name) throws ProtocolException {
        if (required(value, name) < 1) {
            throw bad("member '" + name + "' must be at least 1");
        }
        return value;
    }

    private static <T> T required(T value, String name) throws ProtocolException {
        if (value == null) {
            throw bad("missing member '" + name + "'");
        }
        return value;
    }

    private void readCode(JsonReader reader) throws IOException, ProtocolException {
        JsonToken token = reader.peek();
        if (token == JsonToken.STRING) {
            stringCode = reader.nextString();
        } else if (token == JsonToken.NUMBER) {
            String literal = reader.nextString();
            if (!literal.matches("-?[0-9]{1,9}")) {
                throw bad("member 'code' must be an integer");
            }
            intCode = Integer.valueOf(literal);
        } else {
            throw bad("member 'code' must be an integer or a string");
        }
    }

    private static String string(JsonReader reader, String name) throws IOException, ProtocolException {
        if (reader.peek() != JsonToken.STRING) {
            throw bad("member '" + name + "' must be a string");
        }
        return reader.nextString();
    }

    private static String bounded(String value, int maxLength, String name) throws ProtocolException {
        if (value.length() > maxLength) {
            throw bad("member '" + name + "' is too long");
        }
        return value;
    }

    private static long integer(JsonReader reader, String name) throws IOException, ProtocolException {
        if (reader.peek() != JsonToken.NUMBER) {
            throw bad("member '" + name + "' must be an integer");
        }
        // The literal is checked as text: 1.0, 1e3 and 2^53 must be refused, not rounded.
        String literal = reader.nextString();
        if (!NON_NEGATIVE_INTEGER.matcher(literal).matches()) {
            throw bad("member '" + name + "' must be a non-negative integer");
        }
        return FrameCodec.checkSafeInteger(name, Long.parseLong(literal), 0);
    }

    private static List<String> stringArray(JsonReader reader, String name) throws IOException, ProtocolException {
        if (reader.peek() != JsonToken.BEGIN_ARRAY) {
            throw bad("member '" + name + "' must be an array of strings");
        }
        List<String> values = new ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) {
            values.add(string(reader, name));
        }
        reader.endArray();
        return values;
    }

    private static ProtocolException bad(String message) {
        return new ProtocolException(ErrorCode.BAD_REQUEST, message);
    }
}
