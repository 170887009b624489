package dev.duplex.server.protocol;

import java.util.Base64;

/**
 * A payload as the server carries it inside, one string for both kinds (PROTOCOL.md section 3.5): a JSON payload
 * is its compact JSON text (the wire's {@code d}); a binary payload is {@code #} followed by its base64 text (the
 * wire's {@code b}). No JSON text starts with {@code #}, so the two never mix, and outboxes, replay buffers and
 * brokers carry binary payloads as they carry any other.
 */
public final class Payloads {
    private static final char BINARY = '#';

    private Payloads() {
    }

    /** The payload carrying {@code bytes}. */
    public static String binary(byte[] bytes) {
        return BINARY + Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * The payload of a wire member {@code b}.
     *
     * @throws ProtocolException {@code bad_request} unless {@code base64} is padded standard base64
     */
    public static String fromBase64(String base64) throws ProtocolException {
        if (!isPaddedBase64(base64)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "member 'b' must be padded standard base64");
        }
        return BINARY + base64;
    }

    /** Standard base64, padded: one wire form per byte string. A loop, as a regex would recurse per group. */
    private static boolean isPaddedBase64(String text) {
        int length = text.length();
        if (length % 4 != 0) {
            return false;
        }
        int padding = length > 0 && text.charAt(length - 1) == '=' ? text.charAt(length - 2) == '=' ? 2 : 1 : 0;
        for (int i = 0; i < length - padding; i++) {
            char c = text.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/')) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code payload} is binary. */
    public static boolean isBinary(String payload) {
        return !payload.isEmpty() && payload.charAt(0) == BINARY;
    }

    /** The bytes of a binary payload. */
    public static byte[] bytes(String payload) {
        if (!isBinary(payload)) {
            throw new IllegalStateException("the payload is not binary");
        }
        return Base64.getDecoder().decode(payload.substring(1));
    }

    /**
     * The length {@code maxMessage} limits (PROTOCOL.md section 10): the compact JSON text of a JSON payload; for a
     * binary payload its base64 text with the two quotes around it, as on the wire.
     */
    public static int chars(String payload) {
        return isBinary(payload) ? payload.length() + 1 : payload.length();
    }

    /** Appends the payload's wire member: {@code ,"d":<json>} or {@code ,"b":"<base64>"}. */
    public static StringBuilder appendMember(StringBuilder out, String payload) {
        if (isBinary(payload)) {
            return out.append(",\"b\":\"").append(payload, 1, payload.length()).append('"');
        }
        return out.append(",\"d\":").append(payload);
    }
}
