package dev.duplex.server.hub;

import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.Message;
import dev.duplex.server.api.RequestException;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.session.Session;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Request/reply (PROTOCOL.md section 3.4): hands a client's {@code req} to the handler and numbers its answer,
 * and hands a client's {@code res} to the server request it answers. Whatever the handler does, the client gets
 * exactly one answer: the reply, the handler's {@link RequestException}, or a generic {@code internal_error}
 * (the failure itself goes to the server log only).
 */
final class RequestDispatcher {
    private static final System.Logger LOG = System.getLogger(RequestDispatcher.class.getName());

    private final ChannelHandler handler;

    RequestDispatcher(ChannelHandler handler) {
        this.handler = handler;
    }

    /** Asks the handler; its answer is queued whenever its stage completes. */
    void ask(Session session, Frame.Req request) {
        CompletionStage<Message> answer;
        try {
            answer = handler.onRequest(session, Message.wire(request.d()));
        } catch (RequestException e) {
            refuse(session, request.seq(), e);
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ChannelHandler.onRequest failed for " + session, e);
            refuse(session, request.seq(), internalError());
            return;
        }
        if (answer == null) {
            LOG.log(Level.WARNING, "ChannelHandler.onRequest returned null for " + session);
            refuse(session, request.seq(), internalError());
            return;
        }
        answer.whenComplete((reply, failure) -> reply(session, request.seq(), reply, failure));
    }

    private void reply(Session session, long ref, Message reply, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof RequestException e) {
            refuse(session, ref, e);
        } else if (cause != null || reply == null) {
            LOG.log(Level.WARNING, "the answer of ChannelHandler.onRequest failed for " + session, cause);
            refuse(session, ref, internalError());
        } else if (session.isOpen()) {
            session.enqueue(new Frame.Res(0, ref, reply.wire(), null, null));
        }
    }

    /** Answers the client's request numbered {@code ref} with a refusal. */
    void refuse(Session session, long ref, RequestException error) {
        if (session.isOpen()) {
            session.enqueue(new Frame.Res(0, ref, null, error.code(), error.getMessage()));
        }
    }

    /** The client answered a server request. */
    void answered(Session session, Frame.Res answer) {
        if (answer.isError()) {
            session.refused(answer.ref(), new RequestException(safeCode(answer.code()), answer.message()));
        } else {
            session.answered(answer.ref(), Message.wire(answer.d()));
        }
    }

    /** The page's code, if it follows the rule of {@link RequestException}; otherwise a generic one. */
    private static String safeCode(String code) {
        return code.matches("[a-z][a-z0-9_]{0,63}") ? code : RequestException.INTERNAL_ERROR;
    }

    private static RequestException internalError() {
        return new RequestException(RequestException.INTERNAL_ERROR, "the server failed to answer the request");
    }
}
