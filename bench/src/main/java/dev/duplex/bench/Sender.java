package dev.duplex.bench;

import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;

/** Serialises sends on one JDK WebSocket, which allows one outstanding send. */
final class Sender {
    private final WebSocket ws;
    private CompletableFuture<WebSocket> chain;

    Sender(WebSocket ws) {
        this.ws = ws;
        this.chain = CompletableFuture.completedFuture(ws);
    }

    synchronized void send(String text) {
        chain = chain.handle((x, e) -> ws).thenCompose(s -> s.sendText(text, true));
    }

    WebSocket socket() {
        return ws;
    }
}
