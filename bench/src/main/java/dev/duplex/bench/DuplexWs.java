package dev.duplex.bench;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Duplex over WebSocket: handshake, upgrade, hello/welcome, subscribe; resumes after any drop. In a cluster, a
 * connect that fails moves on to the next node, and a session its node no longer knows (close 4404: its owner was
 * killed) starts over there, with a new handshake and subscription.
 */
final class DuplexWs extends DuplexSession {
    /** The close code of a hello for a session the cluster does not know (PROTOCOL.md). */
    private static final int UNKNOWN_SESSION = 4404;
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

    /** Starts over on the current node; a handshake that fails is retried on the next one. */
    private void restart() {
        forget();
        handshake().whenComplete((v, e) -> {
            if (e == null) {
                connect();
            } else if (!closed) {
                hops++;
                later(this::restart, 200);
            }
        });
    }

    private void connect() {
        if (closed) {
            return;
        }
        load.http(id).newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                .buildAsync(ws(base(), "/ws"), new TextListener() {
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
                    void onClosed(WebSocket ws, int code) {
                        if (code != UNKNOWN_SESSION || sender == null || sender.socket() != ws || closed) {
                            onGone(ws);
                            return;
                        }
                        sender = null;
                        load.restarts.increment();
                        restart();
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
                        hops++;
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
