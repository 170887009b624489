package dev.duplex.bench;

import java.net.http.WebSocket;
import java.time.Duration;

/** The raw reference over WebSocket: connect and read; reconnects (without resume) after a drop. */
final class RawWs extends ClientSession {
    private volatile Sender sender;

    RawWs(Load load, int id) {
        super(load, id);
    }

    @Override
    void start() {
        connect();
    }

    private void connect() {
        if (closed) {
            return;
        }
        load.http(id).newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                .buildAsync(ws(load.base, "/ws"), new TextListener() {
                    @Override
                    public void onOpen(WebSocket ws) {
                        sender = new Sender(ws);
                        attachedAt = System.nanoTime();
                        ready.complete(attachedAt);
                        ws.request(1);
                    }

                    @Override
                    void onMessage(WebSocket ws, String text) {
                        int from = 0;
                        while (true) {
                            int nl = text.indexOf('\n', from);
                            onPayload(nl < 0 ? text.substring(from) : text.substring(from, nl));
                            if (nl < 0) {
                                return;
                            }
                            from = nl + 1;
                        }
                    }

                    @Override
                    void onGone(WebSocket ws) {
                        Sender s = sender;
                        if (s != null && s.socket() == ws && !closed) {
                            sender = null;
                            load.reconnects.increment();
                            later(RawWs.this::connect, 50);
                        }
                    }
                }).whenComplete((ws, e) -> {
                    if (e != null) {
                        if (!ready.isDone() && load.reconnects.sum() > 10_000) {
                            ready.completeExceptionally(e);
                        }
                        load.reconnects.increment();
                        later(this::connect, 200);
                    }
                });
    }

    @Override
    void cut() {
        Sender s = sender;
        sender = null;
        if (s != null) {
            s.socket().abort();
        }
        load.reconnects.increment();
        connect();
    }

    @Override
    void send(String payload) {
        Sender s = sender;
        if (s != null) {
            s.send(payload);
        }
    }

    @Override
    void close() {
        super.close();
        Sender s = sender;
        if (s != null) {
            s.socket().abort();
        }
    }
}
