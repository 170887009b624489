package dev.duplex.server.protocol;

/** Writes frames in the canonical member order of PROTOCOL.md section 3. */
final class FrameWriter {
    private FrameWriter() {
    }

    static void write(Frame frame, StringBuilder out) {
        if (frame instanceof Frame.Msg m) {
            seq(out, "msg", m.seq());
            Payloads.appendMember(optionalString(out, "topic", m.topic()), m.d());
        } else if (frame instanceof Frame.Sub s) {
            string(seq(out, "sub", s.seq()), "topic", s.topic());
        } else if (frame instanceof Frame.Unsub u) {
            string(seq(out, "unsub", u.seq()), "topic", u.topic());
        } else if (frame instanceof Frame.Pub p) {
            Payloads.appendMember(string(seq(out, "pub", p.seq()), "topic", p.topic()), p.d());
        } else if (frame instanceof Frame.Close c) {
            seq(out, "close", c.seq());
            if (c.code() != null) {
                number(out, "code", c.code());
            }
            optionalString(out, "reason", c.reason());
        } else if (frame instanceof Frame.Req r) {
            Payloads.appendMember(seq(out, "req", r.seq()), r.d());
        } else if (frame instanceof Frame.Res r) {
            number(seq(out, "res", r.seq()), "ref", r.ref());
            if (r.isError()) {
                string(string(out, "code", r.code()), "message", r.message());
            } else {
                Payloads.appendMember(out, r.d());
            }
        } else if (frame instanceof Frame.SubAck s) {
            string(number(seq(out, "suback", s.seq()), "ref", s.ref()), "topic", s.topic());
        } else if (frame instanceof Frame.UnsubAck u) {
            string(number(seq(out, "unsuback", u.seq()), "ref", u.ref()), "topic", u.topic());
        } else if (frame instanceof Frame.Error e) {
            seq(out, "error", e.seq());
            if (e.ref() > 0) {
                number(out, "ref", e.ref());
            }
            string(string(out, "code", e.code()), "message", e.message());
        } else if (frame instanceof Frame.Ack a) {
            number(head(out, "ack"), "ack", a.ack());
        } else if (frame instanceof Frame.Ping p) {
            optionalString(head(out, "ping"), "id", p.id());
        } else if (frame instanceof Frame.Pong p) {
            optionalString(head(out, "pong"), "id", p.id());
        } else if (frame instanceof Frame.Fallback f) {
            string(head(out, "fallback"), "reason", f.reason());
        } else if (frame instanceof Frame.Hello h) {
            number(string(string(head(out, "hello"), "sid", h.sid()), "token", h.token()), "ack", h.ack());
        } else if (frame instanceof Frame.Welcome w) {
            number(string(head(out, "welcome"), "sid", w.sid()), "ack", w.ack());
        } else if (frame instanceof Frame.Slow w) {
            number(head(out, "slow"), "retry", w.retry());
        } else if (frame instanceof Frame.Away a) {
            number(head(out, "away"), "retry", a.retry());
        } else if (frame instanceof Frame.Reset r) {
            number(number(string(head(out, "reset"), "reason", r.reason()), "from", r.from()), "to", r.to());
            out.append(",\"topics\":[");
            for (int i = 0; i < r.topics().size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                Json.quoteTo(r.topics().get(i), out);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("unknown frame " + frame.getClass());
        }
        out.append('}');
    }

    private static StringBuilder head(StringBuilder out, String type) {
        return out.append("{\"t\":\"").append(type).append('"');
    }

    private static StringBuilder seq(StringBuilder out, String type, long seq) {
        return number(head(out, type), "seq", seq);
    }

    private static StringBuilder number(StringBuilder out, String name, long value) {
        return out.append(",\"").append(name).append("\":").append(value);
    }

    private static StringBuilder string(StringBuilder out, String name, String value) {
        out.append(",\"").append(name).append("\":");
        Json.quoteTo(value, out);
        return out;
    }

    private static StringBuilder optionalString(StringBuilder out, String name, String value) {
        return value == null ? out : string(out, name, value);
    }
}
