package dev.duplex.server.mount;

import com.google.gson.Gson;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.http.Failures;
import dev.duplex.server.http.Responses;
import dev.duplex.server.hub.DefaultHub;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.ProtocolException;
import dev.duplex.server.session.Session;
import dev.duplex.server.session.Transport;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A mount's admin view: {@code <mount>/admin/} (a page) and {@code <mount>/admin/data} (its JSON): the live
 * sessions (id, transport, since, remote address, round trip, outbox), the transport mix, fallback reasons per
 * minute, switches, resets and refusals. It exists only when {@link DuplexOptions#adminToken()} or
 * {@link DuplexOptions#adminRole()} is set (else {@code 404}, like any unknown path), and answers only a request
 * that carries the token (Bearer, or Basic with the token as password) or whose user has the role; others get
 * {@code 401} and a Basic challenge, so a browser asks for the token. Session tokens never appear in it.
 */
final class AdminView {
    /** The most sessions listed: the newest; the counts cover all. */
    static final int MAX_LISTED = 200;
    private static final Gson GSON = new Gson();
    private static final byte[] PAGE = page();

    private final DefaultHub hub;
    private final byte[] token;
    private final String role;

    AdminView(DefaultHub hub) {
        DuplexOptions options = hub.options();
        this.hub = hub;
        this.token = options.adminToken().isEmpty() ? null : options.adminToken().getBytes(StandardCharsets.UTF_8);
        this.role = options.adminRole().isEmpty() ? null : options.adminRole();
    }

    private static byte[] page() {
        try (InputStream in = AdminView.class.getResourceAsStream("admin.html")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves {@code route} ({@code /admin}, {@code /admin/} or {@code /admin/data}). */
    void serve(HttpServletRequest request, HttpServletResponse response, String route)
            throws ProtocolException, IOException {
        if (token == null && role == null) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "no such endpoint");
        }
        Failures.requireMethod(request, response, "GET");
        if (!authorized(request)) {
            refuse(response);
            return;
        }
        if (route.equals("/admin/data")) {
            Responses.json(response, 200, GSON.toJson(data()));
        } else {
            html(response);
        }
    }

    private boolean authorized(HttpServletRequest request) {
        if (role != null && request.isUserInRole(role)) {
            return true;
        }
        String header = request.getHeader("Authorization");
        if (token == null || header == null) {
            return false;
        }
        String given = null;
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = header.substring(7).trim();
        } else if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                byte[] pair64 = Base64.getDecoder().decode(header.substring(6).trim());
                String pair = new String(pair64, StandardCharsets.UTF_8);
                given = pair.substring(pair.indexOf(':') + 1);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    private void refuse(HttpServletResponse response) throws IOException {
        if (token != null) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"Duplex admin " + hub.path()
                    + "\", charset=\"UTF-8\"");
        }
        Responses.json(response, 401, "{\"error\":\"unauthorized\",\"message\":\"the admin view needs "
                + (token != null ? "the admin token" : "the admin role") + "\"}");
    }

    private void html(HttpServletResponse response) throws IOException {
        Responses.commonHeaders(response);
        response.setStatus(200);
        response.setContentType("text/html;charset=utf-8");
        // The page is static; its data comes from /admin/data on the same origin, rendered as text, never HTML.
        response.setHeader("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; "
                + "style-src 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setContentLength(PAGE.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(PAGE);
        }
    }

    private Map<String, Object> data() {
        List<Session> sessions = new ArrayList<>(hub.sessions());
        sessions.sort(Comparator.comparingLong(Session::since).reversed());
        List<Map<String, Object>> listed = new ArrayList<>();
        for (Session session : sessions.subList(0, Math.min(MAX_LISTED, sessions.size()))) {
            Transport transport = session.currentTransport();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", session.id());
            row.put("transport", session.transport().wireName());
            row.put("state", session.state().name().toLowerCase(java.util.Locale.ROOT));
            row.put("since", session.since());
            row.put("remote", session.handshake().remoteAddress());
            row.put("rtt", transport == null ? -1 : transport.rttMillis());
            row.put("outboxFrames", session.outbox().size());
            row.put("outboxChars", session.outbox().chars());
            row.put("topics", session.topicSet().size());
            listed.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mount", hub.path());
        out.put("now", hub.scheduler().nowMillis());
        out.put("sessionCount", sessions.size());
        out.put("sessions", listed);
        out.putAll(hub.metrics().summary());
        return out;
    }
}
