package dev.duplex.server.protocol;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one codec: text to frames and frames to text, exactly as PROTOCOL.md section 3 says.
 *
 * <p>Decoding is strict and typed: any input yields frames or a {@link ProtocolException}, never another
 * exception. Encoding writes members in the documented order, so every frame has one wire form. Stateless
 * and thread-safe.
 */
public final class FrameCodec {
    /** Largest integer both Java and JavaScript peers represent exactly: 2^53 - 1. */
    public static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;
    /** Longest {@code id} of a ping or pong. */
    public static final int MAX_ID_LENGTH = 64;
    private static final int MAX_CREDENTIAL_LENGTH = 128;

    /** Which way a frame travels; each direction accepts only its own frame types. */
    public enum Direction { CLIENT_TO_SERVER, SERVER_TO_CLIENT }

    /** Decodes exactly one frame. */
    public Frame decodeFrame(String text, Direction direction) throws ProtocolException {
        try {
            JsonReader reader = Json.reader(text, 1);
            Frame frame = FrameReader.read(reader, direction);
            expectEnd(reader);
            return frame;
        } catch (IOException | RuntimeException e) {
            throw malformed(e);
        }
    }

    /** Decodes a JSON array of at most {@code maxBatch} frames (a long-poll body). */
    public List<Frame> decodeBatch(String text, Direction direction, int maxBatch) throws ProtocolException {
        try {
            JsonReader reader = Json.reader(text, 2);
            if (reader.peek() != JsonToken.BEGIN_ARRAY) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, "expected a JSON array of frames");
            }
            List<Frame> frames = readArray(reader, direction, maxBatch);
            expectEnd(reader);
            return frames;
        } catch (IOException | RuntimeException e) {
            throw malformed(e);
        }
    }

    /** Decodes a WebSocket message: one frame, or an array of at most {@code maxBatch} frames. */
    public List<Frame> decodeMessage(String text, Direction direction, int maxBatch) throws ProtocolException {
        try {
            JsonReader reader = Json.reader(text, 2);
            List<Frame> frames;
            if (reader.peek() == JsonToken.BEGIN_ARRAY) {
                frames = readArray(reader, direction, maxBatch);
            } else {
                // A lone frame has no enclosing array, so one level less is left for its payload.
                reader.setNestingLimit(Json.MAX_PAYLOAD_DEPTH + 1);
                frames = List.of(FrameReader.read(reader, direction));
            }
            expectEnd(reader);
            return frames;
        } catch (IOException | RuntimeException e) {
            throw malformed(e);
        }
    }

    private static List<Frame> readArray(JsonReader reader, Direction direction, int maxBatch)
            throws IOException, ProtocolException {
        List<Frame> frames = new ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) {
            if (frames.size() == maxBatch) {
                throw new ProtocolException(ErrorCode.TOO_LARGE, "more than " + maxBatch + " frames in a batch");
            }
            frames.add(FrameReader.read(reader, direction));
        }
        reader.endArray();
        return frames;
    }

    private static void expectEnd(JsonReader reader) throws IOException, ProtocolException {
        if (reader.peek() != JsonToken.END_DOCUMENT) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "unexpected data after the frame");
        }
    }

    private static ProtocolException malformed(Exception cause) {
        // The cause's message may quote the input, so it never reaches the client.
        return new ProtocolException(ErrorCode.BAD_REQUEST, "malformed JSON");
    }

    /** The wire form of one frame. */
    public String encode(Frame frame) {
        StringBuilder out = new StringBuilder(64);
        FrameWriter.write(frame, out);
        return out.toString();
    }

    /** The wire form of a batch: a JSON array. */
    public String encodeBatch(List<? extends Frame> frames) {
        StringBuilder out = new StringBuilder(64 * frames.size() + 2);
        out.append('[');
        for (int i = 0; i < frames.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            FrameWriter.write(frames.get(i), out);
        }
        return out.append(']').toString();
    }

    static long checkSafeInteger(String name, long value, long min) throws ProtocolException {
        if (value < min || value > MAX_SAFE_INTEGER) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "member '" + name + "' is out of range");
        }
        return value;
    }

    static int maxCredentialLength() {
        return MAX_CREDENTIAL_LENGTH;
    }
}
