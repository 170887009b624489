package dev.duplex.bench;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Duplex over WebSocket: handshake, upgrade, hello/welcome, subscribe; resumes after any drop. */
final class DuplexWs extends DuplexSession {
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
