package dev.duplex.client;

import com.google.gson.JsonObject;

/** The server's handshake reply (PROTOCOL.md section 2.1); {@code protocol} is {@code ""} when none was offered. */
record Handshake(String sid, String token, boolean ws, long hb, long hbTimeout, long poll, long window,
        int maxMessage, int maxBatch, int maxPostBytes, String protocol) {

    static Handshake parse(JsonObject reply) {
        if (Codec.number(reply, "v") != 1) {
            throw new IllegalArgumentException("unsupported protocol version");
        }
        return new Handshake(Codec.text(reply, "sid"), Codec.text(reply, "token"),
                reply.has("ws") && reply.get("ws").getAsBoolean(), Codec.number(reply, "hb"),
                Codec.number(reply, "hbTimeout"), Codec.number(reply, "poll"), Codec.number(reply, "window"),
                (int) Codec.number(reply, "maxMessage"), (int) Codec.number(reply, "maxBatch"),
                (int) Codec.number(reply, "maxPostBytes"),
                reply.has("protocol") ? Codec.text(reply, "protocol") : "");
    }
}
