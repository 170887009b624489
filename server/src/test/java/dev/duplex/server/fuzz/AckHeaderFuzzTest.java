package dev.duplex.server.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.duplex.server.http.Requests;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.FrameCodec;
import dev.duplex.server.protocol.ProtocolException;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;

/**
 * Fuzz target for the {@code X-Duplex-Ack} header of a poll, through the real {@link Requests#ack}: there is
 * no string-level seam, so the request is a proxy that answers only {@code getHeader(s)}. Property: a
 * {@code bad_request} refusal, or the decimal integer the header spells (no sign, no leading zero, no
 * space, at most 2^53 - 1), never another exception. An empty input also checks the absent header.
 */
class AckHeaderFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void ackHeader(byte[] data) {
        String value = FuzzInputs.text(data);
        if (value.isEmpty()) {
            check(null);
        }
        check(value);
    }

    private static void check(String header) {
        long ack;
        try {
            ack = Requests.ack(request(header));
        } catch (ProtocolException e) {
            if (e.code() != ErrorCode.BAD_REQUEST) {
                throw new AssertionError("refused with " + e.code());
            }
            if (header != null && header.matches("0|[1-9][0-9]{0,15}")
                    && Long.parseLong(header) <= FrameCodec.MAX_SAFE_INTEGER) {
                throw new AssertionError("a well-formed ack was refused: " + header);
            }
            FuzzInputs.checkRefusal(e, header == null ? "" : header);
            return;
        }
        if (header == null || ack < 0 || ack > FrameCodec.MAX_SAFE_INTEGER || !Long.toString(ack).equals(header)) {
            throw new AssertionError("header " + header + " was read as " + ack);
        }
    }

    private static HttpServletRequest request(String ackHeader) {
        return (HttpServletRequest) Proxy.newProxyInstance(AckHeaderFuzzTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    boolean ack = args != null && args.length == 1
                            && Requests.ACK_HEADER.equalsIgnoreCase((String) args[0]);
                    if (method.getName().equals("getHeader")) {
                        return ack ? ackHeader : null;
                    }
                    if (method.getName().equals("getHeaders")) {
                        return Collections.enumeration(ack && ackHeader != null ? List.of(ackHeader) : List.of());
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
