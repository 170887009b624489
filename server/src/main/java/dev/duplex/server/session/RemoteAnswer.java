package dev.duplex.server.session;

import dev.duplex.server.protocol.ErrorCode;

/**
 * The answer to a {@link RemoteCall}, as the node that received the request writes it: a status and a JSON
 * body (empty for {@code 204}).
 */
public record RemoteAnswer(int status, String body) {
    /**
     * Not an answer to write: the session moved to another node while this one served the call, so the cluster
     * asks again wherever it is now.
     */
    public static final RemoteAnswer MOVED = new RemoteAnswer(307, "");

    /** A {@code 200} with a batch of frames. */
    public static RemoteAnswer ok(String json) {
        return new RemoteAnswer(200, json);
    }

    /** A refusal, with the code's status and the usual error body. */
    public static RemoteAnswer refusal(ErrorCode code, String message) {
        return new RemoteAnswer(code.httpStatus(), code.body(message));
    }
}
