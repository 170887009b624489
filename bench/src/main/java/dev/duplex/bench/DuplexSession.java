package dev.duplex.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/** The Duplex protocol, shared by both transports: numbering, dedup, acks, replay of client frames. */
abstract class DuplexSession extends ClientSession {
    final TreeMap<Long, String> unacked = new TreeMap<>();
    String sid;
    String token;
    volatile long handshakeAt;
    long received;
    long nextSeq = 1;
    int pendingAck;
    /** Nodes skipped after a failed connect: the session talks to node {@code id + hops}. */
    volatile int hops;

    DuplexSession(Load load, int id) {
        super(load, id);
    }

    CompletableFuture<Void> handshake() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/handshake"))
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

    /** The mount this session talks to now. */
    URI base() {
        return load.base(id + hops);
    }

    /** The index of the node this session talks to now. */
    int node() {
        return Math.floorMod(id + hops, load.nodes.servers.size());
    }

    /** Forgets the session (its node did not know it any more): the next handshake starts a new one. */
    synchronized void forget() {
        sid = null;
        token = null;
        received = 0;
        nextSeq = 1;
        pendingAck = 0;
        unacked.clear();
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
