package dev.duplex.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.server.protocol.Frame;

/**
 * A well-behaved session on its own connection, opened before an abuse case and checked after it: whatever the
 * abuse did to its own connection or session, everyone else must still be served.
 */
public final class ControlSession implements AutoCloseable {
    private final WireClient client;

    private ControlSession(WireClient client) {
        this.client = client;
    }

    /** Opens a session on a WebSocket, with the server's own origin. */
    public static ControlSession onWebSocket(TestServer server) throws Exception {
        WireClient client = new WireClient(server.mountUri(), server.origin());
        client.handshake();
        client.startWebSocket();
        return new ControlSession(client);
    }

    /** Fails unless a message round-trips on the control session within 10 s. */
    public void assertStillServed() throws InterruptedException {
        client.send("\"still here\"");
        assertEquals("\"still here\"", ((Frame.Msg) client.next(10)).d(), "the control session was not served");
    }

    @Override
    public void close() {
        client.close();
    }
}
