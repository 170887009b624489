package dev.duplex.server.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.duplex.server.protocol.ClientFrames;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.FrameCodec;
import dev.duplex.server.protocol.FrameCodec.Direction;
import dev.duplex.server.protocol.Json;
import dev.duplex.server.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz targets for every way client (and, for the test client, server) bytes reach the codec. The property
 * is the codec's contract: any input yields a typed {@link ProtocolException}, or frames whose re-encoding
 * decodes to equal frames and is its own canonical form. Any other exception or error is a finding.
 *
 * <p>Under plain {@code mvn test} each target replays its seed corpus in
 * {@code src/test/resources/dev/duplex/server/fuzz/FrameCodecFuzzTestInputs/<method>/}; the {@code fuzz}
 * profile fuzzes one target (see the server pom).
 */
class FrameCodecFuzzTest {
    private static final FrameCodec CODEC = new FrameCodec();
    private static final int MAX_BATCH = 100;
    private static final String[] SERVER_FRAME_TYPES = {"msg", "suback", "unsuback", "error", "close", "ack",
        "ping", "pong", "welcome", "slow", "reset"};
    private static final String[] CLIENT_FRAME_TYPES = {"msg", "sub", "unsub", "pub", "close", "ack", "ping",
        "pong", "hello"};

    /** Decodes text to frames. */
    private interface Decoder {
        List<Frame> decode(String text) throws ProtocolException;
    }

    @FuzzTest(maxDuration = "2m")
    void decodeClientFrame(byte[] data) {
        String text = FuzzInputs.text(data);
        roundTrip(text, Direction.CLIENT_TO_SERVER, t -> List.of(CODEC.decodeFrame(t, Direction.CLIENT_TO_SERVER)),
                false);
    }

    @FuzzTest(maxDuration = "2m")
    void decodeServerFrame(byte[] data) {
        String text = FuzzInputs.text(data);
        roundTrip(text, Direction.SERVER_TO_CLIENT, t -> List.of(CODEC.decodeFrame(t, Direction.SERVER_TO_CLIENT)),
                false);
    }

    @FuzzTest(maxDuration = "2m")
    void decodeClientBatch(byte[] data) {
        String text = FuzzInputs.text(data);
        roundTrip(text, Direction.CLIENT_TO_SERVER,
                t -> CODEC.decodeBatch(t, Direction.CLIENT_TO_SERVER, MAX_BATCH), true);
    }

    @FuzzTest(maxDuration = "2m")
    void decodeServerBatch(byte[] data) {
        String text = FuzzInputs.text(data);
        roundTrip(text, Direction.SERVER_TO_CLIENT,
                t -> CODEC.decodeBatch(t, Direction.SERVER_TO_CLIENT, MAX_BATCH), true);
    }

    @FuzzTest(maxDuration = "2m")
    void decodeClientMessage(byte[] data) {
        String text = FuzzInputs.text(data);
        roundTrip(text, Direction.CLIENT_TO_SERVER,
                t -> CODEC.decodeMessage(t, Direction.CLIENT_TO_SERVER, MAX_BATCH), text.stripLeading()
                        .startsWith("["));
    }

    @FuzzTest(maxDuration = "2m")
    void decodeServerMessage(byte[] data) {
        String text = FuzzInputs.text(data);
        roundTrip(text, Direction.SERVER_TO_CLIENT,
                t -> CODEC.decodeMessage(t, Direction.SERVER_TO_CLIENT, MAX_BATCH), text.stripLeading()
                        .startsWith("["));
    }

    /**
     * A WebSocket's first message, as {@code WebSocketTransport} reads it: one message, which must be exactly
     * one {@code hello}. A hello that decodes must carry bounded credentials and an ack in range, and survive
     * a round trip; anything else must be a typed refusal.
     */
    @FuzzTest(maxDuration = "2m")
    void helloFrame(byte[] data) {
        String text = FuzzInputs.text(data);
        List<Frame> frames;
        try {
            frames = CODEC.decodeMessage(text, Direction.CLIENT_TO_SERVER, MAX_BATCH);
        } catch (ProtocolException e) {
            FuzzInputs.checkRefusal(e, text);
            return;
        }
        checkFrames(frames, Direction.CLIENT_TO_SERVER);
        if (frames.size() != 1 || !(frames.get(0) instanceof Frame.Hello hello)) {
            return;
        }
        if (hello.sid().length() > 128 || hello.token().length() > 128) {
            throw new AssertionError("unbounded credentials accepted: " + hello.sid().length() + "/"
                    + hello.token().length());
        }
        String wire = CODEC.encode(hello);
        Frame again = decodeOrFail(w -> List.of(CODEC.decodeFrame(w, Direction.CLIENT_TO_SERVER)), wire).get(0);
        expectEqual(List.of(hello), List.of(again), wire);
        try {
            ClientFrames.check(frames);
            throw new AssertionError("a hello was accepted among client frames: " + wire);
        } catch (ProtocolException e) {
            if (e.code() != ErrorCode.BAD_REQUEST) {
                throw new AssertionError("a hello among client frames was refused with " + e.code());
            }
        }
    }

    /**
     * The other direction: frames built from fuzzed values (any strings, any numbers in range) encode to text
     * that decodes to the same frames, or to a typed refusal when a value breaks a documented bound.
     */
    @FuzzTest(maxDuration = "2m")
    void encodeThenDecode(FuzzedDataProvider data) {
        boolean toServer = data.consumeBoolean();
        Direction direction = toServer ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
        List<Frame> frames = new ArrayList<>();
        int count = data.consumeInt(1, 4);
        for (int i = 0; i < count && data.remainingBytes() > 0; i++) {
            frames.add(toServer ? clientFrame(data) : serverFrame(data));
        }
        String wire = CODEC.encodeBatch(frames);
        List<Frame> decoded;
        try {
            decoded = CODEC.decodeBatch(wire, direction, MAX_BATCH);
        } catch (ProtocolException e) {
            FuzzInputs.checkRefusal(e, wire);
            if (!breaksABound(frames)) {
                throw new AssertionError("the codec refused its own encoding " + wire + ": " + e.getMessage());
            }
            return;
        }
        if (breaksABound(frames)) {
            throw new AssertionError("out-of-bounds values were accepted: " + wire);
        }
        expectEqual(frames, decoded, wire);
        if (!CODEC.encodeBatch(decoded).equals(wire)) {
            throw new AssertionError("encoding is not canonical: " + wire);
        }
    }

    private static Frame clientFrame(FuzzedDataProvider data) {
        long seq = data.consumeLong(1, FrameCodec.MAX_SAFE_INTEGER);
        return switch (data.pickValue(CLIENT_FRAME_TYPES)) {
            case "msg" -> new Frame.Msg(seq, null, payload(data));
            case "sub" -> new Frame.Sub(seq, data.consumeString(40));
            case "unsub" -> new Frame.Unsub(seq, data.consumeString(40));
            case "pub" -> new Frame.Pub(seq, data.consumeString(40), payload(data));
            case "close" -> new Frame.Close(seq, data.consumeBoolean() ? data.consumeInt() : null,
                    data.consumeBoolean() ? data.consumeString(40) : null);
            case "ack" -> new Frame.Ack(data.consumeLong(0, FrameCodec.MAX_SAFE_INTEGER));
            case "ping" -> new Frame.Ping(data.consumeBoolean() ? data.consumeString(70) : null);
            case "pong" -> new Frame.Pong(data.consumeBoolean() ? data.consumeString(70) : null);
            default -> new Frame.Hello(data.consumeString(140), data.consumeString(140),
                    data.consumeLong(0, FrameCodec.MAX_SAFE_INTEGER));
        };
    }

    private static Frame serverFrame(FuzzedDataProvider data) {
        long seq = data.consumeLong(1, FrameCodec.MAX_SAFE_INTEGER);
        long ref = data.consumeLong(1, FrameCodec.MAX_SAFE_INTEGER);
        return switch (data.pickValue(SERVER_FRAME_TYPES)) {
            case "msg" -> new Frame.Msg(seq, data.consumeBoolean() ? data.consumeString(40) : null, payload(data));
            case "suback" -> new Frame.SubAck(seq, ref, data.consumeString(40));
            case "unsuback" -> new Frame.UnsubAck(seq, ref, data.consumeString(40));
            case "error" -> new Frame.Error(seq, data.consumeBoolean() ? ref : 0, data.consumeString(20),
                    data.consumeString(80));
            case "close" -> new Frame.Close(seq, data.consumeInt(), data.consumeString(40));
            case "ack" -> new Frame.Ack(data.consumeLong(0, FrameCodec.MAX_SAFE_INTEGER));
            case "ping" -> new Frame.Ping(data.consumeBoolean() ? data.consumeString(70) : null);
            case "pong" -> new Frame.Pong(data.consumeBoolean() ? data.consumeString(70) : null);
            case "welcome" -> new Frame.Welcome(data.consumeString(140), data.consumeLong(0,
                    FrameCodec.MAX_SAFE_INTEGER));
            case "slow" -> new Frame.Slow(ref);
            default -> {
                List<String> topics = new ArrayList<>();
                int n = data.consumeInt(0, 3);
                for (int i = 0; i < n; i++) {
                    topics.add(data.consumeString(20));
                }
                yield new Frame.Reset(data.consumeString(20), seq, ref, topics);
            }
        };
    }

    /** A payload: a fuzzed JSON text if it is one, else the fuzzed text as a JSON string. */
    private static String payload(FuzzedDataProvider data) {
        String raw = data.consumeString(200);
        if (data.consumeBoolean()) {
            try {
                return Json.compact(raw);
            } catch (IllegalArgumentException notJson) {
                // Fall through to a string payload.
            }
        }
        return Json.quote(raw);
    }

    /** Whether a generated frame breaks a bound the decoder enforces (id and credential lengths). */
    private static boolean breaksABound(List<Frame> frames) {
        for (Frame frame : frames) {
            String id = frame instanceof Frame.Ping p ? p.id() : frame instanceof Frame.Pong p ? p.id() : null;
            if (id != null && id.length() > FrameCodec.MAX_ID_LENGTH) {
                return true;
            }
            if (frame instanceof Frame.Hello h && (h.sid().length() > 128 || h.token().length() > 128)) {
                return true;
            }
            if (frame instanceof Frame.Welcome w && w.sid().length() > 128) {
                return true;
            }
        }
        return false;
    }

    private static void roundTrip(String text, Direction direction, Decoder decoder, boolean batch) {
        List<Frame> frames;
        try {
            frames = decoder.decode(text);
        } catch (ProtocolException e) {
            FuzzInputs.checkRefusal(e, text);
            return;
        }
        checkFrames(frames, direction);
        String wire = batch ? CODEC.encodeBatch(frames) : CODEC.encode(single(frames, text));
        List<Frame> again = decodeOrFail(decoder, wire);
        expectEqual(frames, again, wire);
        String canonical = batch ? CODEC.encodeBatch(again) : CODEC.encode(single(again, wire));
        if (!canonical.equals(wire)) {
            throw new AssertionError("encoding is not canonical: " + wire + " then " + canonical);
        }
        if (direction == Direction.CLIENT_TO_SERVER) {
            try {
                ClientFrames.check(frames);
            } catch (ProtocolException e) {
                if (e.code() != ErrorCode.BAD_REQUEST) {
                    throw new AssertionError("ClientFrames refused with " + e.code());
                }
            }
        }
    }

    private static Frame single(List<Frame> frames, String text) {
        if (frames.size() != 1) {
            throw new AssertionError("a lone frame decoded to " + frames.size() + " frames: " + text);
        }
        return frames.get(0);
    }

    private static List<Frame> decodeOrFail(Decoder decoder, String wire) {
        try {
            return decoder.decode(wire);
        } catch (ProtocolException e) {
            throw new AssertionError("the codec refused its own encoding " + wire + ": " + e.getMessage(), e);
        }
    }

    private static void expectEqual(List<Frame> expected, List<Frame> actual, String wire) {
        if (!expected.equals(actual)) {
            throw new AssertionError("round trip changed the frames: " + expected + " became " + actual
                    + " via " + wire);
        }
    }

    /** What a decoded frame may hold, whatever the input was (PROTOCOL.md, section 3). */
    private static void checkFrames(List<Frame> frames, Direction direction) {
        if (frames.size() > MAX_BATCH) {
            throw new AssertionError("more than maxBatch frames decoded: " + frames.size());
        }
        for (Frame frame : frames) {
            if (frame instanceof Frame.Sequenced s) {
                inRange("seq", s.seq(), 1);
            }
            if (frame instanceof Frame.Msg m) {
                canonicalPayload(m.d());
                if (direction == Direction.CLIENT_TO_SERVER && m.topic() != null) {
                    throw new AssertionError("a client msg carries a topic");
                }
            } else if (frame instanceof Frame.Pub p) {
                canonicalPayload(p.d());
            } else if (frame instanceof Frame.Ack a) {
                inRange("ack", a.ack(), 0);
            } else if (frame instanceof Frame.Hello h) {
                inRange("ack", h.ack(), 0);
            } else if (frame instanceof Frame.Welcome w) {
                inRange("ack", w.ack(), 0);
            } else if (frame instanceof Frame.SubAck s) {
                inRange("ref", s.ref(), 1);
            } else if (frame instanceof Frame.UnsubAck u) {
                inRange("ref", u.ref(), 1);
            } else if (frame instanceof Frame.Error e) {
                inRange("ref", e.ref(), 0);
            } else if (frame instanceof Frame.Reset r) {
                inRange("from", r.from(), 1);
                inRange("to", r.to(), 1);
            } else if (frame instanceof Frame.Ping p && p.id() != null && p.id().length() > 64) {
                throw new AssertionError("an id over 64 characters was accepted");
            } else if (frame instanceof Frame.Pong p && p.id() != null && p.id().length() > 64) {
                throw new AssertionError("an id over 64 characters was accepted");
            }
        }
    }

    private static void inRange(String name, long value, long min) {
        if (value < min || value > FrameCodec.MAX_SAFE_INTEGER) {
            throw new AssertionError(name + " out of range: " + value);
        }
    }

    /** A payload is stored as compact JSON, so embedding it in a frame can never change the frame's shape. */
    private static void canonicalPayload(String d) {
        String compact;
        try {
            compact = Json.compact(d);
        } catch (IllegalArgumentException e) {
            throw new AssertionError("a payload that is not one JSON value was accepted: " + d, e);
        }
        if (!compact.equals(d)) {
            throw new AssertionError("a payload is not compact: " + d);
        }
    }
}
