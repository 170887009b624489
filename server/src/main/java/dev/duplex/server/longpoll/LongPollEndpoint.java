package dev.duplex.server.longpoll;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Handshake;
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
import dev.duplex.server.session.RemoteAnswer;
import dev.duplex.server.session.RemoteCall;
import dev.duplex.server.session.Session;
import dev.duplex.server.session.SessionSnapshot;
import dev.duplex.server.session.SessionState;
import dev.duplex.server.session.Transport;
import dev.duplex.server.session.TransportHost;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The long-polling requests of one mount: {@code GET /poll} (attach, probe race, park) and {@code POST /send}.
 * The mount's router has already checked the origin; each refusal here is a {@link ProtocolException}. In a
 * cluster, a request for a session another node holds is forwarded to it ({@link Forwarding}), and this node
 * serves the requests other nodes forward ({@link #serve}).
 */
public final class LongPollEndpoint {
    private static final FrameCodec CODEC = new FrameCodec();

    private final TransportHost host;
    private final DuplexOptions options;
    private final String mount;
    private final AddressLimiter parkedPolls;
    private final Forwarding forwarding;

    /** {@code mount} names the mount in the log. */
    public LongPollEndpoint(TransportHost host, String mount) {
        this.host = host;
        this.options = host.options();
        this.mount = mount;
        this.parkedPolls = new AddressLimiter(options.maxPollsPerAddress());
        this.forwarding = new Forwarding(host);
    }

    /** {@code GET /poll}: takes the client's ack, then answers at once or parks the request. */
    public void poll(HttpServletRequest request, HttpServletResponse response) throws ProtocolException {
        Failures.requireMethod(request, response, "GET");
        String sid = Requests.single(request, Requests.SESSION_HEADER);
        boolean elsewhere = host.elsewhere(sid);
        Session session = elsewhere ? null : session(request);
        long ack = Requests.ack(request);
        if (session != null) {
            session.checkAck(ack);
        }
        String address = request.getRemoteAddr();
        // Checked before anything changes: a refused poll must not supersede the session's WebSocket.
        if (!parkedPolls.acquire(address)) {
            throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many open polls from this address");
        }
        try {
            LongPollTransport transport = null;
            if (session != null) {
                transport = attachOrForward(request, session);
                if (transport == null && session.state() != SessionState.MOVED) {
                    // A probe-marked poll, and the probe's WebSocket has the session: nothing to take, and a
                    // success status, so the page's console shows no error for this ordinary race.
                    parkedPolls.release(address);
                    Responses.noContent(response);
                    return;
                }
            }
            AsyncContext async = request.startAsync();
            async.addListener(new OnComplete(() -> parkedPolls.release(address)));
            if (transport != null) {
                AsyncPoll.park(async, transport, ack, options.pollTimeoutMillis() + 2 * options.sweepIntervalMillis());
            } else {
                forwarding.poll(request, async, sid, ack);
            }
        } catch (ProtocolException | RuntimeException e) {
            parkedPolls.release(address);
            throw e;
        }
    }

    /** The transport to park on, null for a probe's poll that keeps the WebSocket or a session that moved. */
    private LongPollTransport attachOrForward(HttpServletRequest request, Session session) throws ProtocolException {
        Handshake attaching = session.currentTransport() instanceof LongPollTransport ? null
                : Requests.handshake(request, options.httpSessionAttributes());
        try {
            return attach(session, Requests.probing(request), attaching);
        } catch (ProtocolException e) {
            if (session.state() == SessionState.MOVED) {
                return null; // it moved to another node under this request: forwarded there
            }
            throw e;
        }
    }

    /**
     * Attaches long-polling to {@code session}, asking the application to authorize {@code attaching} unless it
     * is null (already on long-polling, or authorized by the node that forwarded the request).
     */
    private LongPollTransport attach(Session session, boolean probing, Handshake attaching) throws ProtocolException {
        if (attaching != null) {
            // Moving the session onto long-polling (a resume or a downgrade) is an attach: authorize it.
            host.authorize(attaching);
        }
        // A poll sent during a probe may reach us after the probe's hello: it keeps the WebSocket rather than
        // supersede it (PROTOCOL.md section 5). Decided inside the session's attach, so no hello slips between.
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
     * {@code POST /bundle}: one parked poll for several sessions of this mount (PROTOCOL.md section 2.5), so that
     * many tabs of one browser hold one HTTP connection between them. Counts as one parked poll of its address.
     */
    public void bundle(HttpServletRequest request, HttpServletResponse response) throws ProtocolException, IOException {
        Failures.requireMethod(request, response, "POST");
        Requests.refuseFormBodies(request);
        String address = request.getRemoteAddr();
        Handshake handshake = Requests.handshake(request, options.httpSessionAttributes());
        Failures.withBodyLater(request, response, options.maxPostBytes(), options.bodyTimeoutMillis(), mount,
                code -> host.metrics().refused(code, "/bundle", address), (body, async) -> {
                    List<BundleMember> members = BundleMember.parse(body, options.maxBundle());
                    if (!parkedPolls.acquire(address)) {
                        throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many open polls from this address");
                    }
                    async.addListener(new OnComplete(() -> parkedPolls.release(address)));
                    BundledPoll.park(async, members, (member, answer) -> join(member, handshake, answer),
                            options.pollTimeoutMillis() + 2 * options.sweepIntervalMillis());
                });
    }

    /** Joins one member of a bundled poll to its session, as a single poll with its headers would. */
    BundledPoll.Joined join(BundleMember member, Handshake handshake, LongPollTransport.Answer answer) {
        String sid = member.sid();
        if (host.elsewhere(sid)) {
            // Another node holds it (a cluster): forwarding one member of a shared exchange would tie the others
            // to that node's answer, so this session polls alone.
            return BundledPoll.Joined.answered(BundledPoll.alone(sid));
        }
        Session session = null;
        try {
            session = host.resolve(sid, member.token(), handshake.principal());
            session.checkAck(member.ack());
            Handshake attaching = session.currentTransport() instanceof LongPollTransport ? null : handshake;
            LongPollTransport transport = attach(session, member.probe(), attaching);
            if (transport == null) {
                return BundledPoll.Joined.answered(session.state() == SessionState.MOVED ? BundledPoll.alone(sid)
                        : BundledPoll.held(sid));
            }
            return new BundledPoll.Joined(null, transport, transport.poll(answer, member.ack()));
        } catch (ProtocolException e) {
            if (session != null && session.state() == SessionState.MOVED) {
                return BundledPoll.Joined.answered(BundledPoll.alone(sid));
            }
            return BundledPoll.Joined.answered(BundledPoll.refused(sid, e.code(), e.getMessage()));
        }
    }

    /**
     * {@code POST /send}: a batch of client frames, answered with the server's ack and any replies (pongs, and
     * a {@code slow} advice over the rate cap). A send also keeps the session alive.
     */
    public void send(HttpServletRequest request, HttpServletResponse response) throws ProtocolException, IOException {
        Failures.requireMethod(request, response, "POST");
        Requests.refuseFormBodies(request);
        String sid = Requests.single(request, Requests.SESSION_HEADER);
        Session session = host.elsewhere(sid) ? null : session(request);
        if (session != null) {
            openOnLongPolling(session);
        }
        String remote = request.getRemoteAddr();
        Failures.withBodyLater(request, response, options.maxPostBytes(), options.bodyTimeoutMillis(), mount,
                code -> host.metrics().refused(code, "/send", remote), (body, async) -> {
                    if (session != null) {
                        try {
                            Forwarding.write(async, receive(session, body));
                            return;
                        } catch (ProtocolException e) {
                            if (session.state() != SessionState.MOVED) {
                                throw e;
                            }
                            // it moved to another node under this request: forwarded there
                        }
                    }
                    forwarding.send(request, async, sid, body);
                });
    }

    private void openOnLongPolling(Session session) {
        if (!session.wasOpened()) {
            // A client's first send may overtake its first poll: the session is on long-polling from now, so
            // the application hears onOpen (with the transport) before the message, never after.
            session.attachOrReuse(t -> true, () -> new LongPollTransport(session, host));
        }
    }

    private RemoteAnswer receive(Session session, String body) throws ProtocolException {
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
        return RemoteAnswer.ok(CODEC.encodeBatch(reply));
    }

    /**
     * Serves a poll or send that another node of the cluster received for a session of this node; {@code answer}
     * gets what that node should write, once (for a parked poll, when it is answered).
     */
    public void serve(RemoteCall call, Consumer<RemoteAnswer> answer) {
        Session session = null;
        try {
            session = host.resolve(call.sid(), call.token(),
                    call.principal() == null ? null : new SessionSnapshot.NamedPrincipal(call.principal()));
            if (call.kind() == RemoteCall.Kind.POLL) {
                session.checkAck(call.ack());
                LongPollTransport transport = attach(session, call.probing(), null);
                if (transport == null) {
                    answer.accept(new RemoteAnswer(204, ""));
                } else {
                    transport.poll(json -> answer.accept(RemoteAnswer.ok(json)), call.ack());
                }
            } else {
                openOnLongPolling(session);
                answer.accept(receive(session, call.body()));
            }
        } catch (ProtocolException e) {
            boolean moved = session != null && session.state() == SessionState.MOVED;
            answer.accept(moved ? RemoteAnswer.MOVED : RemoteAnswer.refusal(e.code(), e.getMessage()));
        }
    }

    private Session session(HttpServletRequest request) throws ProtocolException {
        return host.resolve(Requests.single(request, Requests.SESSION_HEADER),
                Requests.single(request, Requests.TOKEN_HEADER), request.getUserPrincipal());
    }
}
