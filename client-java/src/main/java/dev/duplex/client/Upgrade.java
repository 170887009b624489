package dev.duplex.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * The WebSocket side of a {@link Connection} (PROTOCOL.md sections 5 and 8): probe with {@code hello} while
 * polls carry {@code X-Duplex-Probe: 1}; move to the WebSocket on {@code welcome}; ack at least every
 * {@value Connection#ACK_EVERY} frames and within {@value Connection#ACK_WITHIN_MILLIS} ms; ping when idle;
 * downgrade to polling on a close, an error or silence; re-upgrade later with backoff. Loop thread only.
 */
final class Upgrade implements WebSocketPipe.Sink {
    private final Connection connection;
    private final Backoff backoff;
    private WebSocketPipe pipe;
    private ScheduledFuture<?> heartbeat;
    private int unacked;
    private boolean ackScheduled;
    private long lastReceived;
    private long lastSent;

    Upgrade(Connection connection) {
        this.connection = connection;
        ClientOptions options = connection.options;
        this.backoff = new Backoff(Connection.millis(options.upgradeBackoffMin()),
                Connection.millis(options.upgradeBackoffMax()), options.random());
    }

    /** Opens a probe, unless one is out or the WebSocket already carries the channel. */
    void start() {
        Connection c = connection;
        if (c.state() != ChannelState.OPEN || c.mode != Mode.POLLING) {
            return;
        }
        c.mode = Mode.PROBING;
        WebSocketPipe probe = new WebSocketPipe(c.onLoop, this);
        pipe = probe;
        String protocol = c.handshake.protocol();
        probe.open(c.http.client(), c.http.webSocketUri(), protocol).whenCompleteAsync((socket, failure) -> {
            if (pipe != probe) {
                probe.abort();
            } else if (failure != null) {
                probeFailed(probe);
            } else {
                send(Codec.encode(Codec.hello(c.handshake.sid(), c.handshake.token(), c.received)));
            }
        }, c.onLoop);
        c.schedule(() -> {
            if (pipe == probe && c.mode == Mode.PROBING) {
                probeFailed(probe);
            }
        }, Connection.millis(c.options.probeTimeout()));
    }

    /** No welcome: poll on without the probe mark (the first such poll takes the session back). */
    private void probeFailed(WebSocketPipe probe) {
        Connection c = connection;
        probe.abort();
        pipe = null;
        c.mode = Mode.POLLING;
        c.pollPaused = false;
        c.poll();
        c.schedule(this::start, backoff.next());
    }

    /** The server attached the WebSocket: move everything to it, re-sending what it has not acked. */
    void welcome(long ack) {
        Connection c = connection;
        if (c.mode != Mode.PROBING || pipe == null) {
            return;
        }
        c.mode = Mode.WEBSOCKET;
        c.pollPaused = false;
        c.acked(ack);
        c.sentUpTo = c.outbox.acked();
        lastReceived = c.now();
        lastSent = lastReceived;
        long period = Math.max(20, Math.min(c.handshake.hb(), c.handshake.hbTimeout()) / 4);
        heartbeat = c.scheduleRepeating(this::tick, period);
        backoff.reset();
        c.events.transport(TransportKind.WEBSOCKET);
        c.flush();
    }

    /** Writes numbered frames, as many messages as the server's batch and byte caps need, ack first. */
    void write(List<Outbox.Entry> pending) {
        Connection c = connection;
        List<Outbox.Entry> rest = pending;
        while (!rest.isEmpty() && pipe != null) {
            String ack = unacked > 0 ? Codec.encode(Codec.ack(c.received)) : null;
            List<String> batch = c.batch(rest, ack == null ? 0 : ack.length() + 1);
            List<String> message = new ArrayList<>();
            if (ack != null) {
                message.add(ack);
                unacked = 0;
            }
            message.addAll(batch);
            send(message.size() == 1 ? message.get(0) : Codec.encodeBatch(message));
            c.sentUpTo = rest.get(batch.size() - 1).seq();
            rest = rest.subList(batch.size(), rest.size());
        }
    }

    void pong(String id) {
        if (pipe != null && connection.mode == Mode.WEBSOCKET) {
            send(Codec.encode(Codec.ping("pong", id)));
        }
    }

    @Override
    public void text(WebSocketPipe from, String text) {
        Connection c = connection;
        if (from != pipe || c.state() == ChannelState.CLOSED) {
            return;
        }
        lastReceived = c.now();
        int accepted = c.receive(text, true);
        if (accepted < 0) {
            down(from, 4400);
        } else if (accepted > 0 && c.mode == Mode.WEBSOCKET && pipe == from) {
            unacked += accepted;
            if (unacked >= Connection.ACK_EVERY) {
                sendAck();
            } else if (!ackScheduled) {
                ackScheduled = true;
                c.schedule(() -> {
                    ackScheduled = false;
                    sendAck();
                }, Connection.ACK_WITHIN_MILLIS);
            }
        }
    }

    @Override
    public void ended(WebSocketPipe from, int code, String reason) {
        Connection c = connection;
        if (from != pipe || c.state() == ChannelState.CLOSED) {
            return;
        }
        if (c.mode == Mode.PROBING) {
            if (code == 4404) {
                c.lost();
            } else {
                probeFailed(from);
            }
        } else if (code == 1001) {
            c.away(0); // the node stops (an away frame, if it came first, has already dropped this pipe)
        } else {
            down(from, code);
        }
    }

    /**
     * A stopping node's advice (see {@link Connection#away}): drop the WebSocket or the probe, without the
     * downgrade's immediate poll, and probe again once the advised {@code delayMillis} have passed.
     */
    void away(long delayMillis) {
        Connection c = connection;
        boolean onWebSocket = c.mode == Mode.WEBSOCKET;
        leave(pipe);
        if (onWebSocket) {
            c.events.transport(TransportKind.LONG_POLLING);
        }
        if (c.handshake.ws() && c.options.webSocket()) {
            c.schedule(this::start, delayMillis);
        }
    }

    /** The WebSocket is gone: poll again in the same session, re-send what is unacked, re-upgrade later. */
    private void down(WebSocketPipe from, int code) {
        Connection c = connection;
        leave(from);
        c.sentUpTo = c.outbox.acked();
        if (code == 4404) {
            c.lost();
            return;
        }
        c.events.transport(TransportKind.LONG_POLLING);
        c.poll();
        c.flush();
        c.schedule(this::start, backoff.next());
    }

    /** Drops the WebSocket (or the probe) and its heartbeat: the channel is on polling again. */
    private void leave(WebSocketPipe from) {
        if (from != null) {
            from.abort();
        }
        pipe = null;
        cancelHeartbeat();
        unacked = 0;
        connection.mode = Mode.POLLING;
        connection.pollPaused = false;
    }

    /** Ping when idle for {@code hb}; give the WebSocket up after {@code hb + hbTimeout} of silence. */
    private void tick() {
        Connection c = connection;
        if (c.mode != Mode.WEBSOCKET || pipe == null || c.state() == ChannelState.CLOSED) {
            return;
        }
        long now = c.now();
        if (now - lastReceived > c.handshake.hb() + c.handshake.hbTimeout()) {
            down(pipe, 4408);
        } else if (now - lastSent >= c.handshake.hb()) {
            send(Codec.encode(Codec.ping("ping", null)));
        }
    }

    private void sendAck() {
        if (unacked > 0 && pipe != null && connection.mode == Mode.WEBSOCKET) {
            unacked = 0;
            send(Codec.encode(Codec.ack(connection.received)));
        }
    }

    /** Writes {@code text} on the WebSocket now, if one carries the channel. */
    void sendNow(String text) {
        if (pipe != null && connection.mode == Mode.WEBSOCKET) {
            unacked = 0;
            send(text);
        }
    }

    private void send(String text) {
        lastSent = connection.now();
        pipe.send(text);
    }

    /** The channel ended: close the WebSocket politely and stop the heartbeat. */
    void stop() {
        cancelHeartbeat();
        if (pipe != null) {
            pipe.close();
            pipe = null;
        }
    }

    private void cancelHeartbeat() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
            heartbeat = null;
        }
    }
}
