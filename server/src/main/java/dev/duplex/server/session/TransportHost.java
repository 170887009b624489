package dev.duplex.server.session;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Handshake;
import dev.duplex.server.api.Scheduler;
import dev.duplex.server.metrics.HubMetrics;
import dev.duplex.server.protocol.ProtocolException;
import dev.duplex.server.protocol.ErrorCode;
import java.security.Principal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * What a transport adapter needs from the hub that owns the sessions: find a session by its credentials, ask
 * whether a request may attach, and the hub's options, clock and write pool. Both adapters depend on this
 * interface, never on the hub itself, so the hub can change without touching them and tests can fake it.
 */
public interface TransportHost {

    /** The hub's options. */
    DuplexOptions options();

    /** The hub's clock and timers. */
    Scheduler scheduler();

    /** The hub's figures: traffic, refusals, slow consumers. */
    HubMetrics metrics();

    /** The pool that writes to clients. */
    Executor flushExecutor();

    /**
     * The session a request names, if its token matches and its principal is the session's.
     *
     * @throws ProtocolException {@code unknown_session} or {@code forbidden}
     */
    Session resolve(String sid, String token, Principal principal) throws ProtocolException;

    /**
     * The subprotocol the application chooses from {@code offered} (a WebSocket upgrade's
     * {@code Sec-WebSocket-Protocol}), or {@code ""} for none. Default: none.
     */
    default String selectProtocol(List<String> offered) {
        return "";
    }

    /**
     * Asks the application whether this request may open, resume or switch a session.
     *
     * @throws ProtocolException {@code forbidden} if not
     */
    void authorize(Handshake handshake) throws ProtocolException;

    /**
     * Whether {@code sid} names no session of this node that another node of a cluster may hold: then a
     * long-polling request is {@link #forward}ed and a WebSocket {@link #fetch}es it. Never on a single node.
     */
    default boolean elsewhere(String sid) {
        return false;
    }

    /** Passes a long-polling request to the node that holds its session; completes with the answer to write. */
    default CompletionStage<RemoteAnswer> forward(RemoteCall call) {
        return CompletableFuture.completedFuture(RemoteAnswer.refusal(ErrorCode.UNKNOWN_SESSION, "no such session"));
    }

    /** Brings a session here from the node that holds it; completes with whether it is here now. */
    default CompletionStage<Boolean> fetch(String sid, String token, Principal principal) {
        return CompletableFuture.completedFuture(false);
    }
}
