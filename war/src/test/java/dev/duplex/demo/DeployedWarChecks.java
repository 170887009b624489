package dev.duplex.demo;

import org.junit.jupiter.api.Test;

/**
 * What every deployment of the unchanged WAR must do, whoever runs it: serve the page and the client, and echo
 * over both transports. Each subclass starts its server once per class and hands out a {@link WireClient} for it.
 */
abstract class DeployedWarChecks {
    /** A client for the running server. */
    protected abstract WireClient client();

    @Test
    void servesTheDemoPage() throws Exception {
        client().assertServesThePage();
    }

    @Test
    void servesTheClientFromTheServerJar() throws Exception {
        client().assertServesTheClient();
    }

    @Test
    void echoesOverLongPolling() throws Exception {
        client().assertEchoOverLongPolling();
    }

    @Test
    void echoesOverWebSocket() throws Exception {
        client().assertEchoOverWebSocket();
    }
}
