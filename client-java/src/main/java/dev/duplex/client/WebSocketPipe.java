package dev.duplex.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * One {@code java.net.http} WebSocket as a pipe of whole text messages: it joins fragments, keeps one send in
 * flight at a time (the API allows no more), and reports every message and its end on the client's loop.
 */
final class WebSocketPipe implements WebSocket.Listener {
    /** Where a pipe reports, always on the loop. */
    interface Sink {
        void text(WebSocketPipe pipe, String text);

        /** The pipe ended: a close frame ({@code code}) or an error (1006). */
        void ended(WebSocketPipe pipe, int code, String reason);
    }

    private final Executor loop;
    private final Sink sink;
    private final StringBuilder parts = new StringBuilder();
    private CompletableFuture<WebSocket> tail;
    private volatile WebSocket socket;
    private volatile boolean ended;

    WebSocketPipe(Executor loop, Sink sink) {
        this.loop = loop;
        this.sink = sink;
    }

    /** Opens the socket, asking for the session's subprotocol ({@code ""}: none), as PROTOCOL.md section 2.4 says. */
    CompletableFuture<WebSocket> open(HttpClient client, URI uri, String protocol) {
        WebSocket.Builder builder = client.newWebSocketBuilder();
        if (!protocol.isEmpty()) {
            builder.subprotocols(protocol);
        }
        CompletableFuture<WebSocket> opened = builder.buildAsync(uri, this);
        synchronized (this) {
            tail = opened;
        }
        return opened;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        parts.append(data);
        if (last) {
            String text = parts.toString();
            parts.setLength(0);
            loop.execute(() -> sink.text(this, text));
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        end(statusCode, reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        end(1006, String.valueOf(error));
    }

    /** Queues one text message behind the previous one; a failed send ends the pipe. */
    synchronized void send(String text) {
        tail = tail.thenCompose(ws -> ws.sendText(text, true));
        tail.whenComplete((ws, error) -> {
            if (error != null) {
                abort();
                end(1006, String.valueOf(error));
            }
        });
    }

    /** Closes politely (1000); the pipe reports its end when the server answers. */
    void close() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").whenComplete((w, e) -> ws.abort());
        }
    }

    /** Drops the connection at once. */
    void abort() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    private void end(int code, String reason) {
        if (!ended) {
            ended = true;
            loop.execute(() -> sink.ended(this, code, reason));
        }
    }
}
