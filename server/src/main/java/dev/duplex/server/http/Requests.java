package dev.duplex.server.http;

import dev.duplex.server.api.Handshake;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.FrameCodec;
import dev.duplex.server.protocol.ProtocolException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads what Duplex needs from a request: the handshake snapshot, session headers, a bounded body. */
public final class Requests {
    /** Header naming the session. */
    public static final String SESSION_HEADER = "X-Duplex-Session";
    /** Header carrying the session's secret. */
    public static final String TOKEN_HEADER = "X-Duplex-Token";
    /** Header carrying the client's cumulative ack on a poll. */
    public static final String ACK_HEADER = "X-Duplex-Ack";
    /** Header marking a poll sent while the client probes a WebSocket: it must not supersede that socket. */
    public static final String PROBE_HEADER = "X-Duplex-Probe";

    private Requests() {
    }

    /** Whether the request is a poll sent during a WebSocket probe ({@code X-Duplex-Probe: 1}). */
    public static boolean probing(HttpServletRequest request) {
        return "1".equals(request.getHeader(PROBE_HEADER));
    }

    /**
     * A snapshot of what the request carried, for the application, with the HTTP session's id and the
     * attributes named in {@code sessionAttributes}. Never creates an HTTP session.
     */
    public static Handshake handshake(HttpServletRequest request, Set<String> sessionAttributes) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(Collections.list(request.getHeaders(name))));
        }
        Map<String, String> cookies = new LinkedHashMap<>();
        // Asked only when there are some: Jetty parses cookies into a cache it keeps with the connection, for a
        // WebSocket as long as it lives (some 130 B per idle connection), even when there is nothing to parse.
        Cookie[] sent = request.getHeader("Cookie") == null ? null : request.getCookies();
        if (sent != null) {
            for (Cookie cookie : sent) {
                cookies.putIfAbsent(cookie.getName(), cookie.getValue());
            }
        }
        HttpSession httpSession = request.getSession(false);
        Map<String, Object> attributes = new LinkedHashMap<>();
        String httpSessionId = null;
        if (httpSession != null) {
            try {
                httpSessionId = httpSession.getId();
                for (String name : sessionAttributes) {
                    Object value = httpSession.getAttribute(name);
                    if (value != null) {
                        attributes.put(name, value);
                    }
                }
            } catch (IllegalStateException invalidatedMeanwhile) {
                httpSessionId = null;
                attributes.clear();
            }
        }
        return new Handshake(request.getUserPrincipal(), headers, cookies, request.getRemoteAddr(),
                request.getHeader("Origin"), httpSessionId, attributes);
    }

    /**
     * The one value of header {@code name}, or null if absent.
     *
     * @throws ProtocolException {@code bad_request} if it appears more than once: two hops may each read a
     *                           different one, so the server refuses to guess
     */
    public static String single(HttpServletRequest request, String name) throws ProtocolException {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String value = values.nextElement();
        if (values.hasMoreElements()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "more than one " + name + " header");
        }
        return value;
    }

    /**
     * The client's ack from {@link #ACK_HEADER}.
     *
     * @throws ProtocolException {@code bad_request} if absent or not an integer from 0 to 2^53 - 1
     */
    public static long ack(HttpServletRequest request) throws ProtocolException {
        String value = single(request, ACK_HEADER);
        if (value == null || !value.matches("0|[1-9][0-9]{0,15}")
                || Long.parseLong(value) > FrameCodec.MAX_SAFE_INTEGER) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "missing or malformed " + ACK_HEADER + " header");
        }
        return Long.parseLong(value);
    }

    /**
     * Refuses a form-encoded or multipart body, whatever it holds: it is never a batch, and it is what a
     * cross-site HTML form would send (PROTOCOL.md section 7).
     *
     * @throws ProtocolException {@code bad_request}
     */
    public static void refuseFormBodies(HttpServletRequest request) throws ProtocolException {
        String type = request.getContentType();
        String media = type == null ? "" : type.toLowerCase(Locale.ROOT).trim();
        if (media.startsWith("application/x-www-form-urlencoded") || media.startsWith("multipart/")) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "a form body is not a batch of frames");
        }
    }

    /**
     * A body as UTF-8 text.
     *
     * @throws ProtocolException {@code bad_request} for invalid UTF-8
     */
    static String utf8(byte[] body) throws ProtocolException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "the body is not valid UTF-8");
        }
    }

    static ProtocolException tooLarge(int maxBytes) {
        return new ProtocolException(ErrorCode.TOO_LARGE, "the body exceeds " + maxBytes + " bytes");
    }
}
