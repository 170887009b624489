package dev.duplex.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One simulated client, non-blocking: every step is a callback on the load's executor. Payloads are
 * {@code <sendMicros>:<index>:padding}; the session counts each index once, in order, and flags duplicates.
 */
abstract class ClientSession {
    final Load load;
    final int id;
    /** Completes when the session is subscribed (or connected, for the raw reference). */
    final CompletableFuture<Long> ready = new CompletableFuture<>();
    /** Completes with System.nanoTime() of the first greeting (index 0) received. */
    final CompletableFuture<Long> greeting = new CompletableFuture<>();
    volatile boolean closed;
    /** nanoTime of the last (re)attach; the reconnect scenario waits for it to pass the cut. */
    volatile long attachedAt;
    private long lastIndex;
    private long count;

    ClientSession(Load load, int id) {
        this.load = load;
        this.id = id;
    }

    abstract void start();

    /** Drops the transport abruptly (as a network failure would) and lets the session recover. */
    abstract void cut();

    /** Sends one application message (the echo scenario). */
    abstract void send(String payload);

    void flushAck() {
    }

    void close() {
        closed = true;
    }

    synchronized long lastIndex() {
        return lastIndex;
    }

    synchronized long count() {
        return count;
    }

    final void onPayload(String p) {
        int a = p.indexOf(':');
        int b = p.indexOf(':', a + 1);
        long sent = Long.parseLong(p, 0, a, 10);
        long index = Long.parseLong(p, a + 1, b, 10);
        load.histogram.record(BenchServer.nowMicros() - sent);
        load.delivered.increment();
        if (index == 0) {
            greeting.complete(System.nanoTime());
            return;
        }
        synchronized (this) {
            if (index <= lastIndex) {
                load.duplicates.increment();
            } else {
                lastIndex = index;
                count++;
            }
        }
    }

    void later(Runnable r, long millis) {
        if (!closed) {
            load.timer.schedule(() -> load.executor.execute(r), millis, TimeUnit.MILLISECONDS);
        }
    }

    static URI ws(URI http, String path) {
        return URI.create("ws" + http.toString().substring(4) + path);
    }

    /** A WebSocket listener that collects partial messages and ignores a replaced socket's events. */
    abstract static class TextListener implements WebSocket.Listener {
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

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            onGone(ws);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            onGone(ws);
        }
    }

    /** Serialises sends on one JDK WebSocket, which allows one outstanding send. */
    static final class Sender {
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

    // ------------------------------------------------------------------ Duplex

    /** The Duplex protocol, shared by both transports: numbering, dedup, acks, replay of client frames. */
    abstract static class DuplexSession extends ClientSession {
        final TreeMap<Long, String> unacked = new TreeMap<>();
        String sid;
        String token;
        volatile long handshakeAt;
        long received;
        long nextSeq = 1;
        int pendingAck;

        DuplexSession(Load load, int id) {
            super(load, id);
        }

        CompletableFuture<Void> handshake() {
            HttpRequest request = HttpRequest.newBuilder(URI.create(load.base + "/handshake"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "text/plain;charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"v\":1}")).build();
            return load.http(id).sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept(r -> {
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("handshake " + r.statusCode() + " " + r.body());
                }
                synchronized (this) {
                    sid = Frames.str(r.body(), "sid");
                    token = Frames.str(r.body(), "token");
                }
                handshakeAt = System.nanoTime();
            });
        }

        /** Queues a sequenced frame built from its seq, and sends it on the current transport. */
        void sendSequenced(java.util.function.LongFunction<String> frame) {
            String text;
            synchronized (this) {
                long seq = nextSeq++;
                text = frame.apply(seq);
                unacked.put(seq, text);
            }
            transmit(text);
        }

        abstract void transmit(String frame);

        void subscribe() {
            sendSequenced(seq -> "{\"t\":\"sub\",\"seq\":" + seq + ",\"topic\":\"" + BenchServer.TOPIC + "\"}");
        }

        @Override
        void send(String payload) {
            sendSequenced(seq -> "{\"t\":\"msg\",\"seq\":" + seq + ",\"d\":\"" + payload + "\"}");
        }

        synchronized void dropAcked(long ack) {
            unacked.headMap(ack, true).clear();
        }

        void onFrames(String text) {
            Frames.forEachObject(text, this::onFrame);
        }

        void onFrame(String o) {
            String t = Frames.str(o, "t");
            switch (t) {
                case "msg", "suback", "unsuback", "error", "close" -> {
                    long seq = Frames.num(o, "seq");
                    synchronized (this) {
                        if (seq <= received) {
                            load.seqDuplicates.increment();
                            return;
                        }
                        received = seq;
                        pendingAck++;
                    }
                    if (t.equals("msg")) {
                        onPayload(Frames.str(o, "d"));
                    } else if (t.equals("suback")) {
                        ready.complete(System.nanoTime());
                    } else if (!t.equals("unsuback")) {
                        load.errors.increment();
                    }
                }
                case "ack" -> dropAcked(Frames.num(o, "ack"));
                case "welcome" -> onWelcome(Frames.num(o, "ack"));
                case "ping" -> {
                    String pingId = Frames.str(o, "id");
                    control(pingId == null ? "{\"t\":\"pong\"}" : "{\"t\":\"pong\",\"id\":\"" + pingId + "\"}");
                }
                case "reset" -> {
                    load.resets.increment();
                    synchronized (this) {
                        received = Math.max(received, Frames.num(o, "to"));
                    }
                }
                default -> {
                }
            }
        }

        void onWelcome(long ack) {
        }

        void control(String frame) {
        }
    }

    /** Duplex over WebSocket: handshake, upgrade, hello/welcome, subscribe; resumes after any drop. */
    static final class DuplexWs extends DuplexSession {
        private volatile Sender sender;
        private boolean attached;

        DuplexWs(Load load, int id) {
            super(load, id);
        }

        @Override
        void start() {
            handshake().whenComplete((v, e) -> {
                if (e != null) {
                    ready.completeExceptionally(e);
                } else {
                    connect();
                }
            });
        }

        private void connect() {
            if (closed) {
                return;
            }
            load.http(id).newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(ws(load.base, "/ws"), new TextListener() {
                        @Override
                        public void onOpen(WebSocket ws) {
                            Sender s = new Sender(ws);
                            long ack;
                            synchronized (DuplexWs.this) {
                                sender = s;
                                attached = false;
                                ack = received;
                            }
                            s.send("{\"t\":\"hello\",\"sid\":\"" + sid + "\",\"token\":\"" + token + "\",\"ack\":"
                                    + ack + "}");
                            ws.request(1);
                        }

                        @Override
                        void onMessage(WebSocket ws, String text) {
                            if (sender != null && sender.socket() == ws) {
                                onFrames(text);
                                if (pendingAck >= 32) {
                                    flushAck();
                                }
                            }
                        }

                        @Override
                        void onGone(WebSocket ws) {
                            Sender s = sender;
                            if (s != null && s.socket() == ws && !closed) {
                                sender = null;
                                load.reconnects.increment();
                                later(DuplexWs.this::connect, 50);
                            }
                        }
                    }).whenComplete((ws, e) -> {
                        if (e != null && !closed) {
                            load.reconnects.increment();
                            later(this::connect, 200);
                        }
                    });
        }

        @Override
        void onWelcome(long ack) {
            dropAcked(ack);
            List<String> resend;
            boolean first;
            Sender s;
            synchronized (this) {
                attached = true;
                s = sender;
                resend = new ArrayList<>(unacked.values());
                first = nextSeq == 1;
            }
            if (s != null) {
                resend.forEach(s::send);
            }
            attachedAt = System.nanoTime();
            if (first) {
                subscribe();
            }
        }

        @Override
        void transmit(String frame) {
            Sender s;
            synchronized (this) {
                s = attached ? sender : null;
            }
            if (s != null) {
                s.send(frame);
            }
        }

        @Override
        void control(String frame) {
            Sender s = sender;
            if (s != null) {
                s.send(frame);
            }
        }

        @Override
        void flushAck() {
            Sender s;
            long ack;
            synchronized (this) {
                if (pendingAck == 0 || !attached || sender == null) {
                    return;
                }
                pendingAck = 0;
                ack = received;
                s = sender;
            }
            s.send("{\"t\":\"ack\",\"ack\":" + ack + "}");
        }

        @Override
        void cut() {
            Sender s = sender;
            synchronized (this) {
                sender = null;
                attached = false;
            }
            if (s != null) {
                s.socket().abort();
            }
            load.reconnects.increment();
            connect();
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

    /** Duplex over long-polling; optionally probes a WebSocket in parallel (the fallback scenario). */
    static final class DuplexLp extends DuplexSession {
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
                    load.http(id).newWebSocketBuilder().buildAsync(ws(load.base, "/ws"), new WebSocket.Listener() {
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
            return HttpRequest.newBuilder(URI.create(load.base + path)).timeout(Duration.ofSeconds(60))
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

    // ------------------------------------------------------------------ raw reference

    /** The raw reference over WebSocket: connect and read; reconnects (without resume) after a drop. */
    static final class RawWs extends ClientSession {
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

    /** The raw reference over long-polling: {@code GET /raw/poll} in a loop, {@code POST /raw/send}. */
    static final class RawLp extends ClientSession {
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
}
