package dev.duplex.server.hub;

import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.CloseReason;
import dev.duplex.server.api.Handshake;
import dev.duplex.server.api.TransportKind;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.ProtocolException;
import dev.duplex.server.session.Session;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * The application's {@link ChannelHandler} as the hub calls it about a session's life: whether a request may open
 * or move a session and with which subprotocol; that the session opened, changed transport, and ended (with its
 * subscriptions undone first). What the handler throws is logged and taken as a refusal, or ignored: it never
 * reaches a transport or the timer thread.
 */
final class GuardedHandler {
    private static final System.Logger LOG = System.getLogger(GuardedHandler.class.getName());

    private final ChannelHandler handler;
    private final FrameDispatcher dispatcher;

    GuardedHandler(ChannelHandler handler, FrameDispatcher dispatcher) {
        this.handler = handler;
        this.dispatcher = dispatcher;
    }

    /** Asks whether this request may open, resume or switch a session; {@code forbidden} if not, or if it threw. */
    void authorize(Handshake handshake) throws ProtocolException {
        boolean allowed;
        try {
            allowed = handler.authorize(handshake);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ChannelHandler.authorize failed", e);
            allowed = false;
        }
        if (!allowed) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "not authorized");
        }
    }

    /** The handler's choice among {@code offered}, or {@code ""} for none (also if it chose one not offered). */
    String selectProtocol(List<String> offered) {
        if (offered.isEmpty()) {
            return "";
        }
        String chosen;
        try {
            chosen = handler.selectProtocol(List.copyOf(offered));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ChannelHandler.selectProtocol failed", e);
            return "";
        }
        if (chosen != null && !offered.contains(chosen)) {
            LOG.log(Level.WARNING, "ChannelHandler.selectProtocol chose a subprotocol that was not offered");
            return "";
        }
        return chosen == null ? "" : chosen;
    }

    void opened(Session session) {
        try {
            handler.onOpen(session);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ChannelHandler.onOpen failed", e);
        }
    }

    void transportChanged(Session session, TransportKind from, TransportKind to, String reason) {
        try {
            handler.onTransport(session, from, to, reason);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ChannelHandler.onTransport failed", e);
        }
    }

    /**
     * Undoes the subscriptions of a session that ended, then tells the handler it closed: unless it never opened
     * for the application, or a cluster's hand-off took it (it lives on elsewhere: no unsubscribes, no close).
     */
    void closed(Session session, CloseReason reason) {
        for (String pattern : List.copyOf(session.patternSet())) {
            dispatcher.unsubscribePattern(session, pattern);
        }
        boolean tellHandler = session.wasOpened() && !session.handedOff();
        for (String topic : List.copyOf(session.topicSet())) {
            try {
                if (dispatcher.unsubscribe(session, topic) && tellHandler) {
                    handler.onUnsubscribe(session, topic);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "ChannelHandler.onUnsubscribe failed", e);
            }
        }
        if (!tellHandler) {
            return;
        }
        try {
            handler.onClose(session, reason);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ChannelHandler.onClose failed", e);
        }
    }
}
