package dev.duplex.client;

import java.time.Duration;

/** The two ways a client may run: long-polling only, or long-polling first with the WebSocket upgrade. */
enum ClientTransport {
    LONG_POLLING_ONLY(false),
    WITH_UPGRADE(true);

    private final boolean webSocket;

    ClientTransport(boolean webSocket) {
        this.webSocket = webSocket;
    }

    /** Client options for tests: short backoffs, so recoveries take milliseconds, not seconds. */
    ClientOptions options() {
        return ClientOptions.builder().webSocket(webSocket)
                .backoff(Duration.ofMillis(20), Duration.ofMillis(300))
                .upgradeBackoff(Duration.ofMillis(50), Duration.ofMillis(400))
                .probeTimeout(Duration.ofSeconds(2)).build();
    }

    boolean upgrades() {
        return webSocket;
    }
}
