package dev.duplex.server.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.testing.RawWebSocket;
import dev.duplex.server.testing.ControlSession;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fragmentation abuse on the WebSocket: a message over the limit split into many continuation frames, a flood of
 * one-byte fragments, a message kept open forever by empty fragments. Each ends in a close code, and a control
 * session keeps working through each.
 */
class WebSocketFrameAbuseTest {
    private static final int MAX_BYTES = 64 * 1024;
    private final RecordingHandler handler = new RecordingHandler();
    private TestServer server;
    private ControlSession control;

    @BeforeEach
    void start() throws Exception {
        // hello is due within 1 s; after it, a socket may be silent (no whole message) for 4 s.
        server = new TestServer(handler, DuplexOptions.builder().maxPostBytes(MAX_BYTES).maxMessageChars(16_384)
                .heartbeatMillis(3_000).heartbeatTimeoutMillis(1_000).sweepIntervalMillis(50).build());
        control = ControlSession.onWebSocket(server);
    }

    @AfterEach
    void stop() throws Exception {
        control.assertStillServed();
        control.close();
        server.close();
    }

    private RawWebSocket open() throws Exception {
        return RawWebSocket.open(server.port(), server.mountUri().getPath() + "/ws");
    }

    /** A raw socket attached to a fresh session, so the hello deadline does not race the abuse. */
    private RawWebSocket attached() throws Exception {
        try (WireClient owner = new WireClient(server.mountUri(), null)) {
            owner.handshake();
            RawWebSocket ws = open();
            ws.text("{\"t\":\"hello\",\"sid\":\"" + owner.sid() + "\",\"token\":\"" + owner.token()
                    + "\",\"ack\":0}");
            return ws;
        }
    }

    @Test
    void aMessageOverTheLimitInManyContinuationFramesIs1009() throws Exception {
        try (RawWebSocket ws = attached()) {
            byte[] kib = "x".repeat(1024).getBytes();
            assertEquals(1009, closeCodeWhileWriting(ws, () -> {
                ws.frame(false, RawWebSocket.TEXT, kib);
                for (int i = 0; i < 2 * MAX_BYTES / 1024; i++) {
                    ws.frame(false, RawWebSocket.CONTINUATION, kib);
                }
            }));
        }
    }

    @Test
    void aFloodOfOneByteFragmentsIs1009AtTheLimit() throws Exception {
        try (RawWebSocket ws = attached()) {
            byte[] one = {' '};
            assertEquals(1009, closeCodeWhileWriting(ws, () -> {
                ws.frame(false, RawWebSocket.TEXT, new byte[] {'['});
                for (int i = 0; i <= MAX_BYTES; i++) {
                    ws.frame(false, RawWebSocket.CONTINUATION, one);
                }
            }));
        }
    }

    /** What the abuse writes; it may fail once the server has closed the connection. */
    private interface Abuse {
        void write() throws IOException;
    }

    /**
     * Writes {@code abuse} on another thread while this one reads the server's close. Reading only after the
     * writes raced the server: once it closed, a write past its close drew a reset that could discard its
     * close frame before it was read (a broken pipe instead of 1009).
     */
    private static int closeCodeWhileWriting(RawWebSocket ws, Abuse abuse) throws Exception {
        Thread writer = new Thread(() -> {
            try {
                abuse.write();
            } catch (IOException e) {
                // closed under us, as it should be
            }
        });
        writer.start();
        int code = ws.awaitClose();
        writer.join();
        return code;
    }

    @Test
    void aMessageKeptOpenByEmptyFragmentsIsClosedByTheHelloTimeout() throws Exception {
        try (RawWebSocket ws = open()) {
            ws.frame(false, RawWebSocket.TEXT, new byte[0]);
            // Empty fragments never grow the message; only the clock can end it.
            AtomicBoolean closed = new AtomicBoolean();
            Thread flood = new Thread(() -> {
                try {
                    while (!closed.get()) {
                        ws.frame(false, RawWebSocket.CONTINUATION, new byte[0]);
                    }
                } catch (IOException e) {
                    // closed under us, as it should be
                }
            });
            flood.start();
            int code = ws.awaitClose();
            closed.set(true);
            flood.join();
            assertEquals(4408, code, "closed by the hello timeout");
        }
    }
}
