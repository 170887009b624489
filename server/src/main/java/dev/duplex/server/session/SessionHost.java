package dev.duplex.server.session;

import dev.duplex.server.api.CloseReason;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Hub;
import dev.duplex.server.api.Message;
import dev.duplex.server.api.Scheduler;
import dev.duplex.server.api.TransportKind;
import dev.duplex.server.metrics.HubMetrics;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.timer.TimerWheel;
import java.util.concurrent.Executor;

/**
 * What a session needs from the hub that owns it. Keeps the session free of handler, topic and registry
 * details, and lets tests host sessions with a capture fake.
 */
public interface SessionHost {

    /** The hub's options. */
    DuplexOptions options();

    /** The hub's clock and timers. */
    Scheduler scheduler();

    /** The hub's wheel, on {@link #scheduler()}, that holds each session's deadline. */
    TimerWheel timers();

    /** The pool that writes to clients. */
    Executor flushExecutor();

    /** The hub's figures, which the session's events move. */
    HubMetrics metrics();

    /** The public face of the hub. */
    Hub hub();

    /** Acts on a client's sequenced frame: in order, one at a time per session, with no session lock held. */
    void dispatch(Session session, Frame.Sequenced frame);

    /** Subscribes on behalf of server code. */
    void subscribe(Session session, String topic);

    /** Unsubscribes on behalf of server code or a client. */
    void unsubscribe(Session session, String topic);

    /** The session's first transport attached; called once, before its first transport change. */
    void opened(Session session);

    /**
     * The session's transport changed (attached, switched or lost); called with no session lock held, one at a
     * time and in order for each session.
     */
    void transportChanged(Session session, TransportKind from, TransportKind to, String reason);

    /**
     * The application sent {@code message} to a session this node handed to another ({@link SessionState#MOVED}):
     * the hub passes it on to the session's new node. A single node never moves a session.
     */
    default void sendMoved(Session session, Message message) {
    }

    /** The session ended; called once, with no session lock held, after its last transport change. */
    void closed(Session session, CloseReason reason);
}
