package dev.duplex.server.protocol;

/**
 * The wire text of the frames the server sends most, built from pieces instead of through {@link FrameCodec}.
 * A topic publish is encoded once and shared by every subscriber's outbox, and a numbered frame is kept as a
 * head and a tail around its sequence number, so only the number is written per delivery.
 *
 * <p>Every piece here writes exactly what {@link FrameCodec#encode} writes for the same frame; the golden
 * vectors pin both.
 */
public final class FastFrames {
    /** The text every message frame starts with, up to its sequence number. */
    public static final String MSG_HEAD = "{\"t\":\"msg\",\"seq\":";
    private static final String SEQ_ZERO = "\"seq\":0";

    private FastFrames() {
    }

    /** What follows the sequence number of a message frame carrying {@code payloadJson}, with no topic. */
    public static String messageTail(String payloadJson) {
        return Payloads.appendMember(new StringBuilder(payloadJson.length() + 8), payloadJson).append('}').toString();
    }

    /** What follows the sequence number of a topic message: shared by every delivery of one publish. */
    public static String topicTail(String topic, String payloadJson) {
        StringBuilder tail = new StringBuilder(topic.length() + payloadJson.length() + 20).append(",\"topic\":");
        Json.quoteTo(topic, tail);
        return Payloads.appendMember(tail, payloadJson).append('}').toString();
    }

    /** A numbered frame's wire text as {@code head + seq + tail}; see {@link #split}. */
    public record Split(String head, String tail) {
        /** The frame's text with sequence number {@code seq}. */
        public String withSeq(long seq) {
            return head + seq + tail;
        }
    }

    /** Splits {@code template}'s encoding around its sequence number, which must be 0. */
    public static Split split(Frame.Sequenced template, FrameCodec codec) {
        String text = codec.encode(template);
        int afterSeq = text.indexOf(SEQ_ZERO) + SEQ_ZERO.length() - 1;
        return new Split(text.substring(0, afterSeq), text.substring(afterSeq + 1));
    }

    /** Appends the {@code ack} frame acknowledging client frames through {@code ack}. */
    public static StringBuilder ackTo(StringBuilder out, long ack) {
        return out.append("{\"t\":\"ack\",\"ack\":").append(ack).append('}');
    }

    /**
     * The body of a successful handshake response (PROTOCOL.md section 4.1).
     *
     * @param ws       whether the WebSocket transport is offered
     * @param protocol the subprotocol chosen from the client's offer, or null when it offered none (then the reply
     *                 has no {@code protocol} member)
     */
    public record HandshakeReply(String sid, String token, boolean ws, long hb, long hbTimeout, long poll,
            long window, int maxMessage, int maxBatch, int maxPostBytes, String protocol) {

        /** The reply's JSON text, members in the documented order. */
        public String encode() {
            return "{\"v\":1,\"sid\":\"" + sid + "\",\"token\":\"" + token + "\",\"ws\":" + ws + ",\"hb\":" + hb
                    + ",\"hbTimeout\":" + hbTimeout + ",\"poll\":" + poll + ",\"window\":" + window
                    + ",\"maxMessage\":" + maxMessage + ",\"maxBatch\":" + maxBatch + ",\"maxPostBytes\":"
                    + maxPostBytes + (protocol == null ? "" : ",\"protocol\":" + Json.quote(protocol)) + "}";
        }
    }
}
