package dev.duplex.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The raw reference over long-polling: {@code GET /raw/poll} in a loop, {@code POST /raw/send}. */
final class RawLp extends ClientSession {
    private CompletableFuture<HttpResponse<String>> poll;
    private int generation;

    RawLp(Load load, int id) {
        super(load, id);
    }

    @Override
    void start() {
        poll();
        ready.complete(System.nanoTime());
    }

    private void poll() {
        if (closed) {
            return;
        }
        int gen;
        synchronized (this) {
            gen = ++generation;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(load.base + "/poll"))
                .timeout(Duration.ofSeconds(60)).header("X-Id", Integer.toString(id)).GET().build();
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
            } else {
                attachedAt = System.nanoTime();
                String text = r.body();
                if (!text.isEmpty()) {
                    for (String p : text.split("\n")) {
                        onPayload(p);
                    }
                }
                poll();
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

    @Override
    void send(String payload) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(load.base + "/send"))
                .timeout(Duration.ofSeconds(60)).header("X-Id", Integer.toString(id))
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build();
        load.http(id).sendAsync(request, HttpResponse.BodyHandlers.discarding());
    }
}
