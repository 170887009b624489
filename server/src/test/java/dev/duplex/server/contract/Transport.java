package dev.duplex.server.contract;

import dev.duplex.server.testing.RawChannel;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;

/** The transports every contract test runs over. */
enum Transport {
    LONG_POLLING {
        @Override
        void start(WireClient client) {
            client.startLongPolling();
        }
    },
    WEBSOCKET {
        @Override
        void start(WireClient client) throws Exception {
            client.startWebSocket();
        }
    };

    /** A new session on this transport, driven byte for byte. */
    RawChannel open(TestServer server) throws Exception {
        return RawChannel.open(server.mountUri(), this == WEBSOCKET);
    }

    /** Attaches {@code client}'s session on this transport. */
    abstract void start(WireClient client) throws Exception;

    /** Cuts this transport from the client side without warning. */
    void cut(WireClient client) {
        if (this == WEBSOCKET) {
            client.abortWebSocket();
        } else {
            client.stopLongPolling();
        }
    }
}
