package dev.duplex.server.hub;

import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.CloseReason;
import dev.duplex.server.api.Message;
import dev.duplex.server.api.RequestException;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.Payloads;
import dev.duplex.server.protocol.ProtocolException;
import dev.duplex.server.session.Session;
import dev.duplex.server.topic.Broker;
import dev.duplex.server.topic.TopicIndex;
import dev.duplex.server.topic.TopicNames;
import dev.duplex.server.topic.TopicPattern;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;

/**
 * Acts on a client's sequenced frames: messages go to the handler, topic frames through authorization to
 * the topic index and broker. Refusals become numbered {@code error} frames; the session goes on.
 */
final class FrameDispatcher {
    private static final System.Logger LOG = System.getLogger(FrameDispatcher.class.getName());

    private final DefaultHub hub;
    private final ChannelHandler handler;
    private final TopicIndex topics;
    private final Broker broker;
    private final RequestDispatcher requests;

    FrameDispatcher(DefaultHub hub, ChannelHandler handler, TopicIndex topics, Broker broker) {
        this.hub = hub;
        this.handler = handler;
        this.topics = topics;
        this.broker = broker;
        this.requests = new RequestDispatcher(handler);
    }

    void dispatch(Session session, Frame.Sequenced frame) {
        try {
            if (isOversized(frame) && frame instanceof Frame.Req r) {
                requests.refuse(session, r.seq(), new RequestException(RequestException.TOO_LARGE,
                        "the request exceeds " + hub.options().maxMessageChars() + " characters"));
            } else if (isOversized(frame)) {
                if (frame instanceof Frame.Res r) {
                    session.refused(r.ref(), new RequestException(RequestException.TOO_LARGE,
                            "the answer exceeds " + hub.options().maxMessageChars() + " characters"));
                }
                // A poison message: taken (its seq is acked, so no client re-sends it) but not processed.
                refuse(session, frame.seq(), ErrorCode.TOO_LARGE,
                        "the payload exceeds " + hub.options().maxMessageChars() + " characters");
            } else if (frame instanceof Frame.Msg m) {
                handler.onMessage(session, Message.wire(m.d()));
            } else if (frame instanceof Frame.Req r) {
                requests.ask(session, r);
            } else if (frame instanceof Frame.Res r) {
                requests.answered(session, r);
            } else if (frame instanceof Frame.Sub s) {
                clientSubscribe(session, s);
            } else if (frame instanceof Frame.Unsub u) {
                if (unsubscribe(session, u.topic())) {
                    handler.onUnsubscribe(session, u.topic());
                }
                session.enqueue(new Frame.UnsubAck(0, u.seq(), u.topic()));
            } else if (frame instanceof Frame.Pub p) {
                clientPublish(session, p);
            } else if (frame instanceof Frame.Close) {
                // Like a close from the application: the server's close frame follows every frame queued
                // before it, and the session ends once the client has acked it (PROTOCOL.md section 3.1).
                session.close(CloseReason.CLIENT_CLOSED);
            }
        } catch (RuntimeException e) {
            // The client learns only that it failed; what failed is for the server log.
            LOG.log(Level.WARNING, "the application failed to handle a frame of " + session, e);
            refuse(session, frame.seq(), ErrorCode.INTERNAL_ERROR, "the server failed to handle this frame");
        }
    }

    private boolean isOversized(Frame.Sequenced frame) {
        String payload = frame instanceof Frame.Msg m ? m.d() : frame instanceof Frame.Pub p ? p.d()
                : frame instanceof Frame.Req r ? r.d() : frame instanceof Frame.Res r ? r.d() : null;
        return payload != null && Payloads.chars(payload) > hub.options().maxMessageChars();
    }

    private void clientSubscribe(Session session, Frame.Sub sub) {
        String topic = sub.topic();
        if (!TopicNames.isValid(topic)) {
            refuse(session, sub.seq(), ErrorCode.INVALID_TOPIC, "invalid topic name");
        } else if (!session.topicSet().contains(topic) && isFull(session)) {
            refuse(session, sub.seq(), ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                    "at most " + hub.options().maxSubscriptions() + " subscriptions per session");
        } else if (!handler.authorizeSubscribe(session, topic)) {
            refuse(session, sub.seq(), ErrorCode.FORBIDDEN, "subscription refused");
        } else {
            boolean added = subscribe(session, topic);
            Runnable acknowledge = () -> {
                session.enqueue(new Frame.SubAck(0, sub.seq(), topic));
                if (added) {
                    handler.onSubscribe(session, topic);
                }
            };
            // Acknowledged once the cluster delivers the topic here, so a publish anywhere after the ack arrives.
            CompletableFuture<Void> live = broker.live(topic).toCompletableFuture();
            if (live.isDone()) {
                acknowledge.run();
            } else {
                live.whenComplete((ignored, failure) -> session.runInOrder(acknowledge));
            }
        }
    }

    /** Topics and patterns together count against {@code maxSubscriptions}. */
    private boolean isFull(Session session) {
        return session.topicSet().size() + session.patternSet().size() >= hub.options().maxSubscriptions();
    }

    /**
     * A front door's wildcard subscription: allowed only by the handler's separate pattern authorizer, so an
     * authorizer written for exact topics never grants {@code **} by accident.
     *
     * @throws ProtocolException {@code invalid_topic}, {@code too_many_subscriptions}, or {@code forbidden}
     *                           (refused, or the authorizer failed)
     */
    void subscribePattern(Session session, String pattern) throws ProtocolException {
        if (!TopicPattern.isValid(pattern)) {
            throw new ProtocolException(ErrorCode.INVALID_TOPIC, "invalid topic pattern");
        }
        if (session.patternSet().contains(pattern)) {
            return;
        }
        if (isFull(session)) {
            throw new ProtocolException(ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                    "at most " + hub.options().maxSubscriptions() + " subscriptions per session");
        }
        boolean allowed;
        try {
            allowed = handler.authorizeSubscribePattern(session, pattern);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ChannelHandler.authorizeSubscribePattern failed for " + session, e);
            allowed = false;
        }
        if (!allowed) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "subscription refused");
        }
        if (session.patternSet().add(pattern)) {
            topics.addPattern(TopicPattern.of(pattern), session);
        }
    }

    /** Removes a wildcard subscription; returns whether there was one. */
    boolean unsubscribePattern(Session session, String pattern) {
        if (!session.patternSet().remove(pattern)) {
            return false;
        }
        topics.removePattern(TopicPattern.of(pattern), session);
        return true;
    }

    private void clientPublish(Session session, Frame.Pub pub) {
        if (!TopicNames.isValid(pub.topic())) {
            refuse(session, pub.seq(), ErrorCode.INVALID_TOPIC, "invalid topic name");
        } else if (!handler.authorizePublish(session, pub.topic(), Message.wire(pub.d()))) {
            refuse(session, pub.seq(), ErrorCode.FORBIDDEN, "publish refused");
        } else {
            broker.publish(pub.topic(), pub.d());
        }
    }

    private void refuse(Session session, long ref, ErrorCode code, String message) {
        session.enqueue(new Frame.Error(0, ref, code.wireName(), message));
    }

    /** Adds a subscription; returns whether it is new. */
    boolean subscribe(Session session, String topic) {
        if (!session.topicSet().add(topic)) {
            return false;
        }
        if (topics.add(topic, session)) {
            broker.subscribe(topic);
        }
        return true;
    }

    /**
     * Puts an adopted session's topics, which it already holds, into this node's index and broker: each goes on
     * from the last publish the session got on its old node, none missed and none twice (see
     * {@link TopicIndex#follow}).
     */
    void resubscribe(Session session) {
        for (String topic : session.topicSet()) {
            if (topics.follow(topic, session, session.mark(topic), broker::since)) {
                broker.subscribe(topic);
            }
        }
    }

    /** Takes a session that moved to another node out of this node's index, telling the application nothing. */
    void forget(Session session) {
        for (String topic : session.topicSet()) {
            if (topics.remove(topic, session)) {
                broker.unsubscribe(topic);
            }
        }
    }

    /** Removes a subscription; returns whether there was one. */
    boolean unsubscribe(Session session, String topic) {
        if (!session.topicSet().remove(topic)) {
            return false;
        }
        if (topics.remove(topic, session)) {
            broker.unsubscribe(topic);
        }
        return true;
    }
}
