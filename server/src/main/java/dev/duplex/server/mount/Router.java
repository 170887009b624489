package dev.duplex.server.mount;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.http.Failures;
import dev.duplex.server.http.OriginPolicy;
import dev.duplex.server.http.RefusedOriginLog;
import dev.duplex.server.http.Requests;
import dev.duplex.server.http.Responses;
import dev.duplex.server.http.Subprotocols;
import dev.duplex.server.http.Versions;
import dev.duplex.server.hub.DefaultHub;
import dev.duplex.server.longpoll.LongPollEndpoint;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.FastFrames;
import dev.duplex.server.protocol.ProtocolException;
import dev.duplex.server.session.RemoteAnswer;
import dev.duplex.server.session.RemoteCall;
import dev.duplex.server.websocket.WebSocketUpgrade;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Everything that reaches a mount over HTTP, routed: the handshake here, {@code /poll}, {@code /send} and
 * {@code /bundle} to the long-polling transport, {@code /ws} to the WebSocket upgrade, and CORS preflights. Each
 * request passes the
 * origin policy first; each failure is an HTTP status with a JSON body.
 */
final class Router {
    private static final Pattern PLAIN_ORIGIN =
            Pattern.compile("https?://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?");
    /** Names the node that served the response, when a node name is configured or the mount is clustered. */
    static final String NODE_HEADER = "X-Duplex-Node";
    private final DefaultHub hub;
    private final DuplexOptions options;
    private final OriginPolicy origins;
    private final WebSocketUpgrade webSocket;
    private final LongPollEndpoint longPolling;
    private final RefusedOriginLog refusedOrigins;
    private final AdminView admin;

    /** {@code webSocket} is null when the container has no WebSocket support. */
    Router(DefaultHub hub, WebSocketUpgrade webSocket) {
        this.hub = hub;
        this.options = hub.options();
        this.origins = new OriginPolicy(options.allowedOrigins(), options.allowMissingOrigin());
        this.webSocket = options.webSocketEnabled() ? webSocket : null;
        this.longPolling = new LongPollEndpoint(hub, hub.path());
        this.refusedOrigins = new RefusedOriginLog(hub.scheduler()::nowMillis);
        this.admin = new AdminView(hub);
    }

    /** Serves one request; {@code route} is the path below the mount, e.g. {@code /poll}. */
    void service(HttpServletRequest request, HttpServletResponse response, String route)
            throws IOException, ServletException {
        if (hub.node() != null) {
            // So a test, or an operator behind a load balancer, can tell which node served a request.
            response.setHeader(NODE_HEADER, hub.node());
        }
        try {
            OriginPolicy.Verdict verdict = checkOrigin(request, response, route);
            if (request.getMethod().equals("OPTIONS")) {
                preflight(response, verdict);
                return;
            }
            if (hub.stopping()) {
                // With the CORS headers set above, so a page can read the advice (PROTOCOL.md section 5).
                Failures.closeIfBodyUnread(request, response);
                Responses.shuttingDown(response, hub.stopRetryMillis());
                return;
            }
            switch (route == null ? "" : route) {
                case "/handshake" -> handshake(request, response);
                case "/poll" -> longPolling.poll(request, response);
                case "/send" -> longPolling.send(request, response);
                case "/bundle" -> longPolling.bundle(request, response);
                case "/ws" -> upgrade(request, response);
                case "/admin", "/admin/", "/admin/data" -> admin.serve(request, response, route, verdict);
                default -> throw new ProtocolException(ErrorCode.NOT_FOUND, "no such endpoint");
            }
        } catch (ProtocolException | RuntimeException e) {
            refused(request, route).accept(Failures.answer(request, response, e, hub.path()));
        }
    }

    /** Serves a long-polling request another node of the cluster received for a session of this node. */
    void serve(RemoteCall call, Consumer<RemoteAnswer> answer) {
        longPolling.serve(call, answer);
    }

    /** Counts and logs a refusal of {@code request} (to {@code route}) with its code. */
    private java.util.function.Consumer<ErrorCode> refused(HttpServletRequest request, String route) {
        String remote = request.getRemoteAddr();
        return code -> hub.metrics().refused(code, route, remote);
    }

    private OriginPolicy.Verdict checkOrigin(HttpServletRequest request, HttpServletResponse response,
            String route) throws ProtocolException {
        String origin = request.getHeader("Origin");
        // The response depends on Origin whenever one was sent, allowed or not.
        if (origin != null) {
            response.setHeader("Vary", "Origin");
        }
        OriginPolicy.Verdict verdict = origins.judge(origin, request.getScheme(), request.getServerName(),
                request.getServerPort());
        if (!verdict.allowed()) {
            refusedOrigins.refused(request.getContextPath() + hub.path(), origin);
            exposeHandshakeRefusal(request, origin, route, response);
            throw new ProtocolException(ErrorCode.FORBIDDEN_ORIGIN, "origin not allowed");
        }
        if (verdict == OriginPolicy.Verdict.ALLOW_LISTED) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Allow-Credentials", "true");
        }
        return verdict;
    }

    /**
     * Lets a refused page read why its handshake was refused. Without CORS headers the browser hides the 403
     * (the page sees status 0, like a network failure), so the client would retry forever and the console
     * would blame CORS. The refusal's body is a constant and nothing was processed, so exposing it tells
     * the foreign page only what it can already guess. Only the handshake, a simple POST that needs no
     * preflight, and only for an origin of plain form ({@code scheme://host[:port]}): never the opaque
     * origin {@code null}, which sandboxed frames share, and never odd bytes echoed into a header.
     */
    private static void exposeHandshakeRefusal(HttpServletRequest request, String origin, String route,
            HttpServletResponse response) {
        if (origin != null && PLAIN_ORIGIN.matcher(origin).matches() && "/handshake".equals(route)
                && request.getMethod().equals("POST")) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Allow-Credentials", "true");
        }
    }

    private static void preflight(HttpServletResponse response, OriginPolicy.Verdict verdict) {
        if (verdict == OriginPolicy.Verdict.ALLOW_LISTED) {
            response.setHeader("Access-Control-Allow-Methods", "GET, POST");
            response.setHeader("Access-Control-Allow-Headers", String.join(", ", Requests.SESSION_HEADER,
                    Requests.TOKEN_HEADER, Requests.ACK_HEADER, Requests.PROBE_HEADER, "Content-Type"));
            response.setHeader("Access-Control-Max-Age", "600");
        }
        Responses.noContent(response);
    }

    private void handshake(HttpServletRequest request, HttpServletResponse response)
            throws ProtocolException, IOException {
        Failures.requireMethod(request, response, "POST");
        Failures.withBody(request, response, options.maxPostBytes(), options.bodyTimeoutMillis(), hub.path(),
                refused(request, "/handshake"), body -> {
                    // Refuses a bad v; any good one is answered with the one version this server speaks, the
                    // reply's (PROTOCOL.md section 2.1).
                    Versions.negotiate(body);
                    openSession(request, response, Subprotocols.offered(body));
                });
    }

    private void openSession(HttpServletRequest request, HttpServletResponse response, List<String> protocols)
            throws ProtocolException, IOException {
        DefaultHub.NewSession opened = hub.open(Requests.handshake(request, options.httpSessionAttributes()),
                protocols);
        Responses.json(response, 200, new FastFrames.HandshakeReply(opened.session().id(), opened.token(),
                webSocket != null, options.heartbeatMillis(), options.heartbeatTimeoutMillis(),
                options.pollTimeoutMillis(), options.resumeWindowMillis(), options.maxMessageChars(),
                options.maxBatch(), options.maxPostBytes(), protocols.isEmpty() ? null : opened.session().protocol())
                .encode());
    }

    private void upgrade(HttpServletRequest request, HttpServletResponse response)
            throws ProtocolException, IOException, ServletException {
        Failures.requireMethod(request, response, "GET");
        if (webSocket == null) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "WebSocket is not available here");
        }
        if (!WebSocketUpgrade.isUpgradeRequest(request)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "expected a WebSocket upgrade");
        }
        webSocket.upgrade(request, response, hub, Requests.handshake(request, options.httpSessionAttributes()));
    }
}
