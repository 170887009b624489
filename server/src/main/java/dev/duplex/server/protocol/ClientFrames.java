package dev.duplex.server.protocol;

import java.util.List;

/** Checks of client frames after the hello, shared by both transports. */
public final class ClientFrames {
    private ClientFrames() {
    }

    /**
     * Refuses a batch with a {@code hello}: that belongs only alone in a WebSocket's first message, which the
     * WebSocket transport reads before any batch comes here. (An oversized payload is not a transport error:
     * the hub answers it with an {@code error} frame, PROTOCOL.md section 6.)
     */
    public static void check(List<Frame> frames) throws ProtocolException {
        for (Frame frame : frames) {
            if (frame instanceof Frame.Hello) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST,
                        "hello is only allowed as a WebSocket's first frame");
            }
        }
    }
}
