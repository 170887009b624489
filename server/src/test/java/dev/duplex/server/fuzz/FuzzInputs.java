package dev.duplex.server.fuzz;

import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;

/** Shared helpers of the fuzz targets: bytes to text as a server sees it, and the oracle for refusals. */
final class FuzzInputs {
    private FuzzInputs() {
    }

    /**
     * The text a container hands the server for these bytes. WebSocket text is UTF-8 decoded by the container
     * and a POST body by {@code BodyReader}; malformed sequences become U+FFFD here so that the parsers
     * still see the rest of the input.
     */
    static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** A refusal must be typed as a decoding error and must not echo the input (PROTOCOL.md, section 6). */
    static void checkRefusal(ProtocolException refusal, String input) {
        if (refusal.code() != ErrorCode.BAD_REQUEST && refusal.code() != ErrorCode.TOO_LARGE) {
            throw new AssertionError("a parser refused with " + refusal.code() + ": " + refusal.getMessage());
        }
        String message = refusal.getMessage();
        if (message == null || message.isEmpty()) {
            throw new AssertionError("a refusal without a message");
        }
        // Short inputs may occur in any English message by chance; long ones only if echoed.
        if (input.length() >= 16 && message.contains(input)) {
            throw new AssertionError("the refusal echoes the input: " + message);
        }
    }
}
