package dev.duplex.bayeux.servlet;

import com.google.gson.JsonObject;
import dev.duplex.bayeux.engine.BayeuxEngine;
import dev.duplex.bayeux.engine.RequestInfo;
import dev.duplex.bayeux.message.BayeuxCodec;
import dev.duplex.bayeux.message.BayeuxError;
import dev.duplex.bayeux.message.BayeuxException;
import dev.duplex.bayeux.websocket.BayeuxWebSocket;
import dev.duplex.server.api.Handshake;
import dev.duplex.server.api.TransportKind;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.ProtocolException;
import dev.duplex.server.http.BodyReader;
import dev.duplex.server.http.OriginPolicy;
import dev.duplex.server.http.Requests;
import dev.duplex.server.http.Responses;
import dev.duplex.server.websocket.WebSocketUpgrade;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** The servlet behind a Bayeux mount: long-polling, the WebSocket upgrade, CORS, and JSONP refused. */
public final class BayeuxServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(BayeuxServlet.class.getName());

    private final transient BayeuxEngine engine;
    private final transient OriginPolicy origins;
    private final transient BayeuxCodec codec;
    private final transient WebSocketUpgrade webSocket;

    /** {@code webSocket} is null when the container offers no WebSocket support. */
    public BayeuxServlet(BayeuxEngine engine, WebSocketUpgrade webSocket) {
        this.engine = engine;
        this.origins = new OriginPolicy(engine.hub().options().allowedOrigins(),
                engine.hub().options().allowMissingOrigin());
        this.codec = new BayeuxCodec(engine.options().maxBatch());
        this.webSocket = engine.hub().options().webSocketEnabled() ? webSocket : null;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        serve(request, response);
    }

    /** Serves one request; for servlets that delegate to this one (the {@code web.xml} mount). */
    public void serve(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        OriginPolicy.Verdict verdict = origins.judge(request.getHeader("Origin"), request.getScheme(),
                request.getServerName(), request.getServerPort());
        if (!verdict.allowed()) {
            refuse(response, 403, BayeuxError.FORBIDDEN.describe("origin not allowed"));
            return;
        }
        if (verdict == OriginPolicy.Verdict.ALLOW_LISTED) {
            response.setHeader("Access-Control-Allow-Origin", request.getHeader("Origin"));
            response.setHeader("Access-Control-Allow-Credentials", "true");
            response.setHeader("Vary", "Origin");
        }
        String method = request.getMethod();
        if (method.equals("OPTIONS")) {
            response.setHeader("Access-Control-Allow-Methods", "POST");
            response.setHeader("Access-Control-Allow-Headers", "Content-Type");
            response.setHeader("Access-Control-Max-Age", "600");
            Responses.noContent(response);
        } else if (method.equals("GET") && WebSocketUpgrade.isUpgradeRequest(request)) {
            upgrade(request, response);
        } else if (method.equals("GET") && (request.getParameter("jsonp") != null
                || request.getParameter("message") != null)) {
            // Never executable: a JSON body with nosniff, so a <script> tag gets nothing to run.
            refuse(response, 400, BayeuxError.NOT_ACCEPTABLE.describe(
                    "callback-polling (JSONP) is not supported; use long-polling or websocket"));
        } else if (!method.equals("POST")) {
            response.setHeader("Allow", "POST, OPTIONS");
            refuse(response, 405, BayeuxError.BAD_REQUEST.describe("Bayeux messages are POSTed"));
        } else {
            post(request, response);
        }
    }

    private void upgrade(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        if (webSocket == null) {
            refuse(response, 400, BayeuxError.NOT_ACCEPTABLE.describe("websocket is disabled; use long-polling"));
            return;
        }
        RequestInfo info = new RequestInfo(handshakeOf(request), BrowserCookie.ensure(request, response),
                TransportKind.WEBSOCKET);
        webSocket.upgrade(request, response, new BayeuxWebSocket(engine, info));
    }

    /**
     * Reads the batch without holding a thread while it arrives (a slow body gets {@code 400} at the hub's
     * {@code bodyTimeoutMillis}, one over {@code maxPostBytes} {@code 413}), then hands it to the engine, which
     * may hold the reply (a {@code /meta/connect}) up to the Bayeux timeout.
     */
    private void post(HttpServletRequest request, HttpServletResponse response) throws IOException {
        RequestInfo info = new RequestInfo(handshakeOf(request), BrowserCookie.ensure(request, response),
                TransportKind.LONG_POLLING);
        try {
            BodyReader.readThenLater(request, engine.hub().options().maxPostBytes(),
                    engine.hub().options().bodyTimeoutMillis(), (body, async) -> handle(body, async, info),
                    failure -> refuse(response, failure));
        } catch (ProtocolException e) {
            refuse(response, e);
        }
    }

    private void handle(String body, AsyncContext async, RequestInfo info) throws IOException {
        HttpServletResponse response = (HttpServletResponse) async.getResponse();
        List<JsonObject> batch;
        try {
            batch = codec.parse(body);
        } catch (BayeuxException e) {
            refuse(response, e.error() == BayeuxError.TOO_LARGE ? 413 : 400, e.describe());
            async.complete();
            return;
        }
        AtomicBoolean answered = new AtomicBoolean();
        // The body's deadline is over once it is all here; the reply may now be held for a whole connect.
        async.setTimeout(engine.options().timeoutMillis() + engine.hub().options().sweepIntervalMillis() * 2
                + 10_000);
        async.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) throws IOException {
                // A safety net behind the sweeper, which answers held connects first.
                if (answered.compareAndSet(false, true)) {
                    Responses.json((HttpServletResponse) async.getResponse(), 200, "[]");
                    async.complete();
                }
            }

            @Override
            public void onComplete(AsyncEvent event) {
            }

            @Override
            public void onError(AsyncEvent event) {
                answered.set(true);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        engine.handle(batch, info, replies -> {
            if (answered.compareAndSet(false, true)) {
                try {
                    Responses.jsonAsync(async, BayeuxCodec.write(replies));
                } catch (IOException | IllegalStateException e) {
                    LOG.log(Level.DEBUG, "Bayeux reply not delivered", e);
                    async.complete();
                }
            }
        });
    }

    /** A body the hub's limits refused, or a failure while it was handled, as a Bayeux-shaped answer. */
    private static void refuse(HttpServletResponse response, Exception failure) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        if (failure instanceof ProtocolException refusal) {
            boolean tooLarge = refusal.code() == ErrorCode.TOO_LARGE;
            if (tooLarge || refusal.code() == ErrorCode.BAD_REQUEST) {
                // The connection may hold unread bytes: close it rather than parse them as a next request.
                response.setHeader("Connection", "close");
            }
            refuse(response, tooLarge ? 413 : 400,
                    (tooLarge ? BayeuxError.TOO_LARGE : BayeuxError.BAD_REQUEST).describe(refusal.getMessage()));
            return;
        }
        LOG.log(Level.WARNING, "Bayeux request failed", failure);
        refuse(response, 500, BayeuxError.INTERNAL.describe("server error"));
    }

    /** A refusal before any message was read: an HTTP status with a Bayeux-shaped JSON body. */
    private static void refuse(HttpServletResponse response, int status, String error) throws IOException {
        JsonObject reply = new JsonObject();
        reply.addProperty("successful", false);
        reply.addProperty("error", error);
        Responses.json(response, status, BayeuxCodec.write(List.of(reply)));
    }

    /** The request as the application's handler sees it, with the HTTP session attributes the hub copies. */
    private Handshake handshakeOf(HttpServletRequest request) {
        return Requests.handshake(request, engine.hub().options().httpSessionAttributes());
    }
}
