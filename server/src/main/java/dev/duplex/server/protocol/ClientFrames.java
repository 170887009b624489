package dev.duplex.server.protocol;

import java.util.List;

/** Checks of client frames that depend on the transport and the configured limits, shared by both. */
public final class ClientFrames {
    private ClientFrames() {
    }

    /**
     * Refuses a batch with an oversized payload, or with a {@code hello}: that belongs only alone in a WebSocket's
     * first message, which the WebSocket transport reads before any batch comes here.
     */
    public static void check(List<Frame> frames, int maxMessageChars) throws ProtocolException {
        for (Frame frame : frames) {
            if (frame instanceof Frame.Hello) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST,
                        "hello is only allowed as a WebSocket's first frame");
            }
            String payload = frame instanceof Frame.Msg m ? m.d() : frame instanceof Frame.Pub p ? p.d() : null;
            if (payload != null && payload.length() > maxMessageChars) {
                throw new ProtocolException(ErrorCode.TOO_LARGE,
                        "a message exceeds " + maxMessageChars + " characters");
            }
        }
    }
}
