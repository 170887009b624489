package dev.duplex.server.longpoll;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.TransportKind;
import dev.duplex.server.http.Failures;
import dev.duplex.server.http.Requests;
import dev.duplex.server.http.Responses;
import dev.duplex.server.metrics.Utf8;
import dev.duplex.server.protocol.ClientFrames;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.FrameCodec;
import dev.duplex.server.protocol.ProtocolException;
import dev.duplex.server.session.Session;
import dev.duplex.server.session.Transport;
import dev.duplex.server.session.TransportHost;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The long-polling requests of one mount: {@code GET /poll} (attach, probe race, park) and {@code POST /send}.
 * The mount's router has already checked the origin; each refusal here is a {@link ProtocolException}.
 */
public final class LongPollEndpoint {
    private static final FrameCodec CODEC = new FrameCodec();

    private final TransportHost host;
    private final DuplexOptions options;
    private final String mount;
    private final AddressLimiter parkedPolls;

    /** {@code mount} names the mount in the log. */
    public LongPollEndpoint(TransportHost host, String mount) {
        this.host = host;
        this.options = host.options();
        this.mount = mount;
        this.parkedPolls = new AddressLimiter(options.maxPollsPerAddress());
    }

    /** {@code GET /poll}: takes the client's ack, then answers at once or parks the request. */
    public void poll(HttpServletRequest request, HttpServletResponse response) throws ProtocolException {
        Failures.requireMethod(request, response, "GET");
        Session session = session(request);
        long ack = Requests.ack(request);
        session.checkAck(ack);
        String address = request.getRemoteAddr();
        // Checked before anything changes: a refused poll must not supersede the session's WebSocket.
        if (!parkedPolls.acquire(address)) {
            throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many open polls from this address");
        }
        try {
            LongPollTransport transport = attach(request, session);
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

    private LongPollTransport attach(HttpServletRequest request, Session session) throws ProtocolException {
        if (!(session.currentTransport() instanceof LongPollTransport)) {
            // Moving the session onto long-polling (a resume or a downgrade) is an attach: authorize it.
            host.authorize(Requests.handshake(request, options.httpSessionAttributes()));
        }
        // A poll sent during a probe may reach us after the probe's hello: it keeps the WebSocket rather than
        // supersede it (PROTOCOL.md section 5). Decided inside the session's attach, so no hello slips between.
        boolean probing = Requests.probing(request);
        Transport attached = session.attachOrReuse(
                t -> t instanceof LongPollTransport lp && lp.isUsable()
                        || probing && t.kind() == TransportKind.WEBSOCKET,
                () -> new LongPollTransport(session, host));
        if (attached == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_SESSION, "no such session");
        }
        return attached instanceof LongPollTransport longPolling ? longPolling : null;
    }

    /**
     * {@code POST /send}: a batch of client frames, answered with the server's ack and any replies (pongs, and
     * a {@code slow} advice over the rate cap). A send also keeps the session alive.
     */
    public void send(HttpServletRequest request, HttpServletResponse response) throws ProtocolException, IOException {
        Failures.requireMethod(request, response, "POST");
        Requests.refuseFormBodies(request);
        Session session = session(request);
        if (!session.wasOpened()) {
            // A client's first send may overtake its first poll: the session is on long-polling from now, so
            // the application hears onOpen (with the transport) before the message, never after.
            session.attachOrReuse(t -> true, () -> new LongPollTransport(session, host));
        }
        String remote = request.getRemoteAddr();
        Failures.withBody(request, response, options.maxPostBytes(), options.bodyTimeoutMillis(), mount,
                code -> host.metrics().refused(code, "/send", remote), body -> receive(session, body, response));
    }

    private void receive(Session session, String body, HttpServletResponse response)
            throws ProtocolException, IOException {
        List<Frame> frames = CODEC.decodeBatch(body, FrameCodec.Direction.CLIENT_TO_SERVER, options.maxBatch());
        ClientFrames.check(frames);
        host.metrics().received(frames.size(), Utf8.length(body));
        session.keepAlive();
        Session.Received received = session.receive(frames);
        List<Frame> reply = new ArrayList<>(received.replies().size() + 2);
        reply.add(new Frame.Ack(received.ack()));
        reply.addAll(received.replies());
        if (received.slowRetry() > 0) {
            reply.add(new Frame.Slow(received.slowRetry()));
        }
        Responses.json(response, 200, CODEC.encodeBatch(reply));
    }

    private Session session(HttpServletRequest request) throws ProtocolException {
        return host.resolve(Requests.single(request, Requests.SESSION_HEADER),
                Requests.single(request, Requests.TOKEN_HEADER), request.getUserPrincipal());
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
}
