package dev.duplex.bayeux.engine;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.duplex.bayeux.BayeuxOptions;
import dev.duplex.bayeux.message.BayeuxCodec;
import dev.duplex.server.api.Scheduler;
import dev.duplex.server.api.TransportKind;
import dev.duplex.server.hub.DefaultHub;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.ProtocolException;
import dev.duplex.server.session.Outbox;
import dev.duplex.server.session.Session;
import dev.duplex.server.session.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.LongFunction;

/**
 * One Bayeux client: the transport of its Duplex session. It lives as long as the session, whichever HTTP
 * requests or WebSockets carry its messages.
 *
 * <p>Inbound, each Bayeux message becomes one numbered client frame. Outbound, numbered frames leave only in
 * {@code /meta/connect} replies, one connect held at a time, so "the previous connect reply arrived" means
 * "the client has every frame up to the last one it carried". That is what the ack extension says
 * explicitly ({@code ext.ack} is the last seq of the batch), and what most connects say implicitly
 * ({@link ImplicitAck}). Every connect restarts from the acknowledged seq, so a lost reply is sent again,
 * once, in order.
 */
public final class LegacyClient implements Transport {
    /** The session attribute under which the client is kept, so it lives and dies with the session. */
    public static final String ATTRIBUTE = LegacyClient.class.getName();

    private final DefaultHub hub;
    private final Session session;
    private final String clientId;
    private final String browserId;
    private final boolean ackExtension;
    private final BayeuxOptions options;
    private final Scheduler scheduler;
    private final Executor flushPool;
    private final int maxFrames;
    private final Object inbound = new Object();
    private long nextClientSeq = 1;

    private volatile TransportKind kind;
    private long cursor = 1;
    private long acked;
    private long sentThrough;
    private long lastConnectAt;
    private String lastConnectId;
    /**
     * Written under this object's lock; volatile so that {@link #wake}, called on the publisher's thread once
     * per subscriber and publish, reads it without that lock: a publisher blocked behind one client's flush
     * delayed every subscriber after it (the bench's bayeux-fanout, JFR).
     */
    private volatile HeldConnect held;
    /** While a message is submitted, the outbox's last seq before it: acks stop there (see submit). */
    private long ackCeiling = Long.MAX_VALUE;
    /**
     * Set once the client's {@code /meta/disconnect} is taken: from then on the held connect is answered as
     * CometD answers it, successful with {@code reconnect: none}, however the session's end reaches it.
     */
    private volatile boolean disconnecting;

    /** A {@code /meta/connect} waiting for something to deliver, with the replies of its own batch. */
    private static final class HeldConnect {
        final JsonObject request;
        final List<JsonObject> before;
        final Responder responder;
        final long since;

        HeldConnect(JsonObject request, List<JsonObject> before, Responder responder, long since) {
            this.request = request;
            this.before = before;
            this.responder = responder;
            this.since = since;
        }
    }

    LegacyClient(Session session, String clientId, String browserId, boolean ackExtension, TransportKind kind,
            BayeuxOptions options, DefaultHub hub) {
        this.hub = hub;
        this.session = session;
        this.clientId = clientId;
        this.browserId = browserId;
        this.ackExtension = ackExtension;
        this.kind = kind;
        this.options = options;
        this.scheduler = hub.scheduler();
        this.flushPool = hub.flushExecutor();
        this.maxFrames = hub.options().maxBatch();
        this.lastConnectAt = scheduler.nowMillis();
    }

    /** The Bayeux client id, which is also its credential: the session id and token. */
    String clientId() {
        return clientId;
    }

    Session session() {
        return session;
    }

    /** Whether {@code candidate}, the cookie of a request, is the browser this client was handshaken from. */
    boolean sameBrowser(String candidate) {
        return browserId == null || browserId.equals(candidate);
    }

    /**
     * Feeds one client frame, numbered here, through the session's inbox, and returns the refusal the
     * dispatcher queued for it, or null if it was accepted. Dispatch is synchronous, so every frame queued
     * for it is in the outbox when {@code receive} returns.
     */
    String submit(LongFunction<Frame.Sequenced> frame) throws ProtocolException {
        synchronized (inbound) {
            long seq = nextClientSeq++;
            long before;
            synchronized (this) {
                // The refusal, if any, is read back from the outbox below. A connect racing with this request
                // could otherwise deliver it, be answered, and have the next connect acknowledge it away first.
                before = session.outbox().lastSeq();
                ackCeiling = before;
            }
            try {
                Session.Received outcome = session.receive(List.of(frame.apply(seq)));
                if (outcome.ack() < seq) {
                    // Over the session's inbound rate: discarded unacked, so the number is used again.
                    nextClientSeq = seq;
                    throw new ProtocolException(ErrorCode.RATE_LIMITED,
                            "too many messages per second; retry in " + outcome.slowRetry() + " ms");
                }
                return refusal(seq, session.outbox().drain(before + 1, Integer.MAX_VALUE, List::of));
            } finally {
                long ack;
                synchronized (this) {
                    ackCeiling = Long.MAX_VALUE;
                    ack = acked;
                }
                // What a held connect passed over while the ceiling stood (see flush) goes now.
                session.acknowledged(ack);
            }
        }
    }

    /**
     * Subscribes to, or unsubscribes from, a wildcard through the hub, in order with this client's other
     * messages. Not a Duplex frame (the Duplex protocol has no wildcards), so it is not counted by the inbound
     * rate limit.
     *
     * @throws ProtocolException the hub's refusal
     */
    void subscribePattern(String pattern, boolean subscribe) throws ProtocolException {
        synchronized (inbound) {
            if (subscribe) {
                hub.subscribePattern(session, pattern);
            } else {
                hub.unsubscribePattern(session, pattern);
            }
        }
    }

    /** The {@code error} frame among {@code queued} that refers to client frame {@code seq}, as text. */
    private static String refusal(long seq, Outbox.Batch queued) {
        for (JsonElement element : JsonParser.parseString(queued.text()).getAsJsonArray()) {
            JsonObject queuedFrame = element.getAsJsonObject();
            if ("error".equals(BayeuxCodec.string(queuedFrame, "t")) && queuedFrame.has("ref")
                    && queuedFrame.get("ref").getAsLong() == seq) {
                return BayeuxCodec.string(queuedFrame, "code") + ": " + BayeuxCodec.string(queuedFrame, "message");
            }
        }
        return null;
    }

    /**
     * Takes a {@code /meta/disconnect}: the session closes like any client's, and since a Bayeux client reads
     * nothing after its disconnect, what is still queued for it is acknowledged at once so that it ends now.
     *
     * <p>The held {@code /meta/connect}, if any, is answered successful with {@code reconnect: none}, as CometD
     * answers it, on whichever thread the close reaches it. It races the disconnect's own reply, and cometd.js
     * takes either order: but a failed connect read first made it abort the transport, the disconnect request
     * still in flight included, and report that disconnect as failed.
     */
    void disconnect() throws ProtocolException {
        disconnecting = true;
        try {
            submit(seq -> new Frame.Close(seq, null, null));
        } catch (ProtocolException | RuntimeException e) {
            disconnecting = false;
            throw e;
        }
        // After the close is dispatched, which queues the server's own close frame: acknowledged any sooner (when
        // another thread was running the session's calls, the dispatch came later) that frame stayed unacked and
        // the session lingered until the heartbeat timeout.
        session.runInOrder(() -> session.acknowledged(session.outbox().lastSeq()));
    }

    /**
     * Takes a {@code /meta/connect}: acknowledges what it proves arrived, then answers at once if there is
     * something to deliver or the client asked not to wait, else holds it.
     *
     * @param before replies to the other messages of its batch, sent with the connect's reply
     * @return false if the session is gone (the caller answers {@code 402})
     */
    boolean connect(JsonObject request, List<JsonObject> before, Responder responder, TransportKind via) {
        boolean noWait = timeoutZero(request);
        String id = BayeuxCodec.string(request, "id");
        HeldConnect previous;
        long ack;
        TransportKind was;
        synchronized (this) {
            was = kind;
            boolean proves = ImplicitAck.proves(noWait, before.isEmpty(), id, lastConnectId);
            lastConnectId = id;
            lastConnectAt = scheduler.nowMillis();
            kind = via;
            if (ackExtension) {
                JsonObject ext = BayeuxCodec.object(request, "ext");
                JsonElement batch = ext == null ? null : ext.get("ack");
                if (batch != null && batch.isJsonPrimitive() && batch.getAsJsonPrimitive().isNumber()) {
                    acked = Math.max(acked, Math.min(batch.getAsLong(), sentThrough));
                }
            } else if (proves) {
                acked = Math.max(acked, sentThrough);
            }
            cursor = acked + 1;
            ack = Math.min(acked, ackCeiling);
            previous = held;
            held = null;
        }
        if (previous != null) {
            answer(previous, List.of(), null);
        }
        session.acknowledged(ack);
        boolean attached = session.currentTransport() == this;
        if (!attached && !session.attach(this)) {
            return false;
        }
        if (attached) {
            // Faye moves one client id between long-polling and WebSocket: the handler hears of it as a switch.
            session.transportKindChanged(this, was);
        }
        HeldConnect connect = new HeldConnect(request, before, responder, scheduler.nowMillis());
        synchronized (this) {
            held = connect;
        }
        session.checkBy(connect.since + options.timeoutMillis());
        flush(connect, noWait);
        return true;
    }

    private static boolean timeoutZero(JsonObject request) {
        JsonObject advice = BayeuxCodec.object(request, "advice");
        JsonElement timeout = advice == null ? null : advice.get("timeout");
        return timeout != null && timeout.isJsonPrimitive() && timeout.getAsJsonPrimitive().isNumber()
                && timeout.getAsLong() == 0;
    }

    /**
     * Answers {@code connect} with what is pending; if nothing is and {@code force} is false, keeps it held.
     * Frames that say nothing to a Bayeux client (the outcome of a subscribe, an unsubscribe or a refusal, which
     * went out in the reply to their own request) do not answer it, as they do not answer CometD's: a connect
     * answered for nothing made cometd.js send another, which a {@code /meta/disconnect} sent just then could
     * overtake, and the session's end answered that connect with an error that aborted the disconnect.
     */
    private void flush(HeldConnect connect, boolean force) {
        Outbound outbound = null;
        long ack = -1;
        long through;
        synchronized (this) {
            while (held == connect && outbound == null) {
                Outbox.Batch batch = session.outbox().drain(cursor, maxFrames, List::of);
                if (batch.isEmpty() && !force) {
                    break;
                }
                Outbound drained = Outbound.of(batch.text(), options.directChannel());
                if (force || !drained.silent()) {
                    held = null;
                    outbound = drained;
                } else if (acked == cursor - 1) {
                    // Everything before them is acknowledged, so they need not wait for a reply to be proven.
                    acked = batch.nextCursor() - 1;
                    ack = Math.min(acked, ackCeiling);
                }
                cursor = batch.nextCursor();
                sentThrough = cursor - 1;
            }
            through = sentThrough;
        }
        if (ack >= 0) {
            session.acknowledged(ack);
        }
        if (outbound == null) {
            return;
        }
        if (outbound.lost()) {
            answer(connect, List.of(), Replies.failure(connect.request, "402::continuity lost, handshake again",
                    "handshake"));
            session.finish(dev.duplex.server.api.CloseReason.EXPIRED);
        } else if (outbound.closed()) {
            answer(connect, outbound.messages(), disconnecting ? null
                    : Replies.failure(connect.request, "402::closed by the server", "none"));
            session.acknowledged(through);
        } else {
            answer(connect, outbound.messages(), null);
        }
    }

    private void answer(HeldConnect connect, List<JsonObject> messages, JsonObject failure) {
        List<JsonObject> replies = new ArrayList<>(connect.before.size() + messages.size() + 1);
        replies.addAll(connect.before);
        replies.addAll(messages);
        if (failure != null) {
            replies.add(failure);
        } else {
            JsonObject reply = Replies.success(connect.request);
            reply.add("advice", Replies.advice(disconnecting ? "none" : "retry", options.timeoutMillis()));
            if (ackExtension) {
                JsonObject ext = new JsonObject();
                long batch;
                synchronized (this) {
                    batch = sentThrough;
                }
                ext.addProperty("ack", batch);
                reply.add("ext", ext);
            }
            replies.add(reply);
        }
        connect.responder.respond(replies);
    }

    /** Whether a {@code /meta/connect} is held now, waiting for something to deliver (tests wait on it). */
    boolean holdsConnect() {
        return held != null;
    }

    // ---- Transport ----

    @Override
    public TransportKind kind() {
        return kind;
    }

    @Override
    public void wake() {
        // A stale null is harmless: the connect that is being held drains the outbox itself once it is held
        // (see connect), after this frame was appended. A stale connect is harmless too: flush checks it.
        HeldConnect connect = held;
        if (connect != null) {
            flushPool.execute(() -> flush(connect, false));
        }
    }

    @Override
    public void close(int code, String reason) {
        HeldConnect connect;
        synchronized (this) {
            connect = held;
            held = null;
        }
        if (connect != null) {
            answer(connect, List.of(), disconnecting ? null
                    : Replies.failure(connect.request, "402::" + reason, "handshake"));
        }
    }

    @Override
    public long sweep(long now) {
        HeldConnect connect;
        boolean gone;
        long due;
        synchronized (this) {
            connect = held != null && now - held.since >= options.timeoutMillis() ? held : null;
            gone = held == null && now - lastConnectAt >= options.timeoutMillis() + options.maxIntervalMillis();
            // A held connect answered now leaves the client its connect interval to come back.
            due = gone ? Long.MAX_VALUE : held != null && connect == null ? held.since + options.timeoutMillis()
                    : lastConnectAt + options.timeoutMillis() + options.maxIntervalMillis();
        }
        if (connect != null) {
            flush(connect, true);
        }
        if (gone) {
            session.detach(this);
        }
        return due;
    }
}
