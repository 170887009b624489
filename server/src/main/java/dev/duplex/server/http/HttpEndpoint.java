package dev.duplex.server.http;

import dev.duplex.server.Handshake;
import dev.duplex.server.TransportKind;
import dev.duplex.server.hub.DefaultHub;
import dev.duplex.server.longpoll.LongPollTransport;
import dev.duplex.server.protocol.ClientFrames;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.FrameCodec;
import dev.duplex.server.protocol.ProtocolException;
import dev.duplex.server.session.Session;
import dev.duplex.server.session.SessionState;
import dev.duplex.server.session.Transport;
import dev.duplex.server.websocket.WebSocketUpgrade;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything that reaches a mount over HTTP: handshake, poll, send, WebSocket upgrade and CORS preflight.
 * Each request passes the origin policy first; each failure is an HTTP status with a JSON body.
 */
public final class HttpEndpoint {
    private static final System.Logger LOG = System.getLogger(HttpEndpoint.class.getName());
    private static final FrameCodec CODEC = new FrameCodec();

    private final DefaultHub hub;
    private final OriginPolicy origins;
    private final WebSocketUpgrade webSocket;
    private final AddressLimiter parkedPolls;
    private final RefusedOriginLog refusedOrigins;

    /** {@code webSocket} is null when the container has no WebSocket support or it is disabled. */
    public HttpEndpoint(DefaultHub hub, WebSocketUpgrade webSocket) {
        this.hub = hub;
        this.origins = new OriginPolicy(hub.options().allowedOrigins(), hub.options().allowMissingOrigin());
        this.webSocket = hub.options().webSocketEnabled() ? webSocket : null;
        this.parkedPolls = new AddressLimiter(hub.options().maxPollsPerAddress());
        this.refusedOrigins = new RefusedOriginLog(hub.scheduler()::nowMillis);
    }

    /** Serves one request; {@code route} is the path below the mount, e.g. {@code /poll}. */
    public void service(HttpServletRequest request, HttpServletResponse response, String route)
            throws IOException, ServletException {
        try {
            OriginPolicy.Verdict verdict = checkOrigin(request, response);
            String method = request.getMethod();
            if (method.equals("OPTIONS")) {
                preflight(response, verdict);
                return;
            }
            switch (route == null ? "" : route) {
                case "/handshake" -> handshake(request, response, method);
                case "/poll" -> poll(request, response, method);
                case "/send" -> send(request, response, method);
                case "/ws" -> upgrade(request, response, method);
                default -> throw new ProtocolException(ErrorCode.NOT_FOUND, "no such endpoint");
            }
        } catch (ProtocolException | RuntimeException e) {
            fail(request, response, e);
        }
    }

    /** Answers a failed request: a refusal with its code, anything else a generic 500 (details to the log). */
    private void fail(HttpServletRequest request, HttpServletResponse response, Exception failure)
            throws IOException {
        if (failure instanceof ProtocolException e) {
            refuse(request, response, e.code(), e.getMessage());
        } else {
            LOG.log(Level.ERROR, "request to " + hub.path() + " failed", failure);
            refuse(request, response, ErrorCode.INTERNAL_ERROR, "internal error");
        }
    }

    /** Reads the body without holding a thread while it arrives, then runs {@code then} with it. */
    private void withBody(HttpServletRequest request, HttpServletResponse response, BodyReader.Then then)
            throws ProtocolException, IOException {
        BodyReader.read(request, hub.options().maxPostBytes(), hub.options().bodyTimeoutMillis(), then,
                failure -> fail(request, response, failure));
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, ErrorCode code,
            String message) throws IOException {
        // A refusal may leave the request's body unread, and the container then drops the connection after
        // the response; saying so up front keeps clients from reusing a connection that is about to close.
        if (request.getContentLengthLong() != 0 || request.getHeader("Transfer-Encoding") != null) {
            response.setHeader("Connection", "close");
        }
        Responses.error(response, code, message);
    }

    private OriginPolicy.Verdict checkOrigin(HttpServletRequest request, HttpServletResponse response)
            throws ProtocolException {
        String origin = request.getHeader("Origin");
        // The response depends on Origin whenever one was sent, allowed or not.
        if (origin != null) {
            response.setHeader("Vary", "Origin");
        }
        OriginPolicy.Verdict verdict = origins.judge(origin, request.getScheme(), request.getServerName(),
                request.getServerPort());
        if (!verdict.allowed()) {
            refusedOrigins.refused(request.getContextPath() + hub.path(), origin);
            throw new ProtocolException(ErrorCode.FORBIDDEN_ORIGIN, "origin not allowed");
        }
        if (verdict == OriginPolicy.Verdict.ALLOW_LISTED) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Allow-Credentials", "true");
        }
        return verdict;
    }

    private static void preflight(HttpServletResponse response, OriginPolicy.Verdict verdict) throws IOException {
        if (verdict == OriginPolicy.Verdict.ALLOW_LISTED) {
            response.setHeader("Access-Control-Allow-Methods", "GET, POST");
            response.setHeader("Access-Control-Allow-Headers", String.join(", ", Requests.SESSION_HEADER,
                    Requests.TOKEN_HEADER, Requests.ACK_HEADER, Requests.PROBE_HEADER, "Content-Type"));
            response.setHeader("Access-Control-Max-Age", "600");
        }
        Responses.commonHeaders(response);
        response.setStatus(204);
    }

    private void handshake(HttpServletRequest request, HttpServletResponse response, String method)
            throws ProtocolException, IOException {
        requireMethod(method, "POST");
        // The body is read and ignored: version 1 has nothing to negotiate.
        withBody(request, response, body -> openSession(request, response));
    }

    private void openSession(HttpServletRequest request, HttpServletResponse response)
            throws ProtocolException, IOException {
        DefaultHub.NewSession opened = hub.open(Requests.handshake(request, hub.options().httpSessionAttributes()));
        var o = hub.options();
        Responses.json(response, 200, "{\"v\":1,\"sid\":\"" + opened.session().id() + "\",\"token\":\""
                + opened.token() + "\",\"ws\":" + (webSocket != null) + ",\"hb\":" + o.heartbeatMillis()
                + ",\"hbTimeout\":" + o.heartbeatTimeoutMillis() + ",\"poll\":" + o.pollTimeoutMillis()
                + ",\"window\":" + o.resumeWindowMillis() + ",\"maxMessage\":" + o.maxMessageChars()
                + ",\"maxBatch\":" + o.maxBatch() + ",\"maxPostBytes\":" + o.maxPostBytes() + "}");
    }

    private void poll(HttpServletRequest request, HttpServletResponse response, String method)
            throws ProtocolException {
        requireMethod(method, "GET");
        Session session = session(request);
        long ack = Requests.ack(request);
        String address = request.getRemoteAddr();
        // Checked before anything changes: a refused poll must not supersede the session's WebSocket.
        if (!parkedPolls.acquire(address)) {
            throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many open polls from this address");
        }
        try {
            LongPollTransport transport = attachLongPolling(request, session);
            if (transport == null) {
                // A probe-marked poll, and the probe's WebSocket has the session: nothing to take, and a
                // success status, so the page's console shows no error for this ordinary race.
                parkedPolls.release(address);
                Responses.noContent(response);
                return;
            }
            AsyncContext async = request.startAsync();
            async.addListener(new ReleaseOnComplete(() -> parkedPolls.release(address)));
            transport.poll(async, ack);
        } catch (ProtocolException | RuntimeException e) {
            parkedPolls.release(address);
            throw e;
        }
    }

    private LongPollTransport attachLongPolling(HttpServletRequest request, Session session)
            throws ProtocolException {
        if (!(session.currentTransport() instanceof LongPollTransport)) {
            // Moving the session onto long-polling (a resume or a downgrade) is an attach: authorize it.
            hub.authorize(Requests.handshake(request, hub.options().httpSessionAttributes()));
        }
        // A poll sent during a probe may reach us after the probe's hello: it keeps the WebSocket rather than
        // supersede it (PROTOCOL.md section 5). Decided inside the session's attach, so no hello slips between.
        boolean probing = Requests.probing(request);
        Transport attached = session.attachOrReuse(
                t -> t instanceof LongPollTransport lp && lp.isUsable()
                        || probing && t.kind() == TransportKind.WEBSOCKET,
                () -> new LongPollTransport(session, hub));
        if (attached == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_SESSION, "no such session");
        }
        return attached instanceof LongPollTransport longPolling ? longPolling : null;
    }

    /** Runs an action when an async request completes, however it completes. */
    private record ReleaseOnComplete(Runnable action) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            action.run();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
        }

        @Override
        public void onError(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }
    }

    private void send(HttpServletRequest request, HttpServletResponse response, String method)
            throws ProtocolException, IOException {
        requireMethod(method, "POST");
        Session session = session(request);
        if (session.state() == SessionState.NEW) {
            // A client's first send may overtake its first poll: the session is on long-polling from now, so
            // the application hears onOpen (with the transport) before the message, never after.
            session.attachOrReuse(t -> true, () -> new LongPollTransport(session, hub));
        }
        withBody(request, response, body -> receive(session, body, response));
    }

    private void receive(Session session, String body, HttpServletResponse response)
            throws ProtocolException, IOException {
        List<Frame> frames = CODEC.decodeBatch(body, FrameCodec.Direction.CLIENT_TO_SERVER, hub.options().maxBatch());
        ClientFrames.check(frames, hub.options().maxMessageChars(), false);
        Session.Received received = session.receive(frames);
        List<Frame> reply = new ArrayList<>(received.replies().size() + 1);
        reply.add(new Frame.Ack(received.ack()));
        reply.addAll(received.replies());
        Responses.json(response, 200, CODEC.encodeBatch(reply));
    }

    private void upgrade(HttpServletRequest request, HttpServletResponse response, String method)
            throws ProtocolException, IOException, ServletException {
        requireMethod(method, "GET");
        if (webSocket == null) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "WebSocket is not available here");
        }
        if (!WebSocketUpgrade.isUpgradeRequest(request)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "expected a WebSocket upgrade");
        }
        Handshake handshake = Requests.handshake(request, hub.options().httpSessionAttributes());
        webSocket.upgrade(request, response, hub, handshake);
    }

    private Session session(HttpServletRequest request) throws ProtocolException {
        return hub.resolve(Requests.single(request, Requests.SESSION_HEADER),
                Requests.single(request, Requests.TOKEN_HEADER), request.getUserPrincipal());
    }

    private static void requireMethod(String method, String expected) throws ProtocolException {
        if (!method.equals(expected)) {
            throw new ProtocolException(ErrorCode.METHOD_NOT_ALLOWED, "use " + expected);
        }
    }
}
