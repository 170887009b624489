package dev.duplex.server.protocol;

import java.util.List;

/**
 * One protocol frame (PROTOCOL.md, section 3). Payloads ({@code d}) are carried as compact JSON text, or, for a
 * binary payload (wire member {@code b}), in the form of {@link Payloads}.
 *
 * <p>{@link Sequenced} frames are numbered per direction, acknowledged and replayed; the others belong to
 * one transport and are never replayed.
 */
public sealed interface Frame {

    /** A frame that carries a sequence number. */
    sealed interface Sequenced extends Frame {
        /** The frame's sequence number, from 1. */
        long seq();
    }

    /** An application message; {@code topic} is set on topic deliveries, null otherwise. */
    record Msg(long seq, String topic, String d) implements Sequenced { }

    /** Client: subscribe to a topic. */
    record Sub(long seq, String topic) implements Sequenced { }

    /** Client: unsubscribe from a topic. */
    record Unsub(long seq, String topic) implements Sequenced { }

    /** Client: publish to a topic. */
    record Pub(long seq, String topic, String d) implements Sequenced { }

    /**
     * Either side: a request; the peer answers it with exactly one {@link Res} whose {@code ref} is this
     * frame's {@code seq} (PROTOCOL.md section 3.4).
     */
    record Req(long seq, String d) implements Sequenced { }

    /**
     * Either side: the answer to the peer's {@link Req} numbered {@code ref}: a payload {@code d}, or, when
     * {@code d} is null, a refusal with an error {@code code} and a {@code message} for humans.
     */
    record Res(long seq, long ref, String d, String code, String message) implements Sequenced {
        /** Whether this answer is a refusal rather than a payload. */
        public boolean isError() {
            return d == null;
        }
    }

    /** Either side: end the session. {@code code} is null when absent. */
    record Close(long seq, Integer code, String reason) implements Sequenced { }

    /** Server: a subscribe succeeded. */
    record SubAck(long seq, long ref, String topic) implements Sequenced { }

    /** Server: an unsubscribe succeeded. */
    record UnsubAck(long seq, long ref, String topic) implements Sequenced { }

    /** Server: a client frame ({@code ref}, 0 when none) was refused. */
    record Error(long seq, long ref, String code, String message) implements Sequenced { }

    /** Either side: cumulative acknowledgement. */
    record Ack(long ack) implements Frame { }

    /** Either side: a liveness probe; {@code id} may be null. */
    record Ping(String id) implements Frame { }

    /** Either side: answer to a ping. */
    record Pong(String id) implements Frame { }

    /**
     * Client: why it is on long-polling, or why it left the WebSocket (PROTOCOL.md section 5.2), for the
     * server's figures. Never sequenced, never replayed, changes nothing.
     */
    record Fallback(String reason) implements Frame { }

    /** Client, WebSocket only: attach this WebSocket to a session. */
    record Hello(String sid, String token, long ack) implements Frame { }

    /** Server, WebSocket only: the WebSocket is attached. */
    record Welcome(String sid, long ack) implements Frame { }

    /**
     * Server: advice to pause sending sequenced frames for {@code retry} ms, then re-send every unacked
     * frame from the last ack (PROTOCOL.md section 4.3). Never sequenced, never replayed.
     */
    record Slow(long retry) implements Frame { }

    /**
     * Server: this node is stopping; come back in {@code retry} ms and resume the same session, on any
     * transport (PROTOCOL.md section 5). Never sequenced, never replayed: the last frame of its transport.
     */
    record Away(long retry) implements Frame { }

    /** Server: frames {@code from}..{@code to} are lost for good. */
    record Reset(String reason, long from, long to, List<String> topics) implements Frame {
        /** Copies the topic list. */
        public Reset {
            topics = List.copyOf(topics);
        }
    }
}
