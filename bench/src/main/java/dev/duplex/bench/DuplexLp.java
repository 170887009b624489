package dev.duplex.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Duplex over long-polling; optionally probes a WebSocket in parallel (the fallback scenario). */
final class DuplexLp extends DuplexSession {
    private final boolean probeWebSocket;
    private CompletableFuture<HttpResponse<String>> poll;
    private int generation;
    private boolean sending;

    DuplexLp(Load load, int id, boolean probeWebSocket) {
        super(load, id);
        this.probeWebSocket = probeWebSocket;
    }

    @Override
    void start() {
        handshake().whenComplete((v, e) -> {
            if (e != null) {
                ready.completeExceptionally(e);
                greeting.completeExceptionally(e);
                return;
            }
            poll();
            if (probeWebSocket) {
                load.http(id).newWebSocketBuilder().buildAsync(ws(base(), "/ws"), new WebSocket.Listener() {
                }).whenComplete((ws, error) -> {
                    if (ws != null) {
                        ws.abort();
                    }
                });
            }
            subscribe();
        });
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(60))
                .header("X-Duplex-Session", sid).header("X-Duplex-Token", token);
    }

    private void poll() {
        if (closed) {
            return;
        }
        int gen;
        HttpRequest request;
        synchronized (this) {
            gen = ++generation;
            request = request("/poll").header("X-Duplex-Ack", Long.toString(received)).GET().build();
        }
        CompletableFuture<HttpResponse<String>> f = load.http(id).sendAsync(request,
                HttpResponse.BodyHandlers.ofString());
        synchronized (this) {
            poll = f;
        }
        f.whenComplete((r, e) -> {
            synchronized (this) {
                if (gen != generation) {
                    return;
                }
            }
            if (e != null) {
                later(this::poll, 50);
            } else if (r.statusCode() != 200) {
                load.httpErrors.increment();
                later(this::poll, 200);
            } else {
                attachedAt = System.nanoTime();
                onFrames(r.body());
                synchronized (this) {
                    pendingAck = 0;
                }
                poll();
            }
        });
    }

    @Override
    void transmit(String frame) {
        pump();
    }

    private void pump() {
        String body;
        synchronized (this) {
            if (sending || unacked.isEmpty() || closed) {
                return;
            }
            sending = true;
            StringBuilder b = new StringBuilder("[");
            int n = 0;
            for (Map.Entry<Long, String> frame : unacked.entrySet()) {
                if (n++ == 100) {
                    break;
                }
                b.append(n > 1 ? "," : "").append(frame.getValue());
            }
            body = b.append(']').toString();
        }
        HttpRequest request = request("/send").header("Content-Type", "text/plain;charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        load.http(id).sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
            synchronized (this) {
                sending = false;
            }
            if (e == null && r.statusCode() == 200) {
                onFrames(r.body());
                pump();
            } else {
                if (e == null) {
                    load.httpErrors.increment();
                }
                later(this::pump, 100);
            }
        });
    }

    @Override
    void cut() {
        CompletableFuture<HttpResponse<String>> f;
        synchronized (this) {
            f = poll;
        }
        if (f != null) {
            f.cancel(true);
        }
        load.reconnects.increment();
        poll();
    }
}
