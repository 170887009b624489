package dev.duplex.bench;

import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;

/** A WebSocket listener that collects partial messages and ignores a replaced socket's events. */
abstract class TextListener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    abstract void onMessage(WebSocket ws, String text);

    abstract void onGone(WebSocket ws);

    @Override
    public void onOpen(WebSocket ws) {
        ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        if (!last) {
            partial.append(data);
        } else if (partial.length() > 0) {
            partial.append(data);
            String text = partial.toString();
            partial.setLength(0);
            onMessage(ws, text);
        } else {
            onMessage(ws, data.toString());
        }
        ws.request(1);
        return null;
    }

    /** The server closed the socket with {@code code}; by default as any other end. */
    void onClosed(WebSocket ws, int code) {
        onGone(ws);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
        onClosed(ws, code);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        onGone(ws);
    }
}
