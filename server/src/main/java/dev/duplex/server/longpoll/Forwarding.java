package dev.duplex.server.longpoll;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.http.Requests;
import dev.duplex.server.http.Responses;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.ProtocolException;
import dev.duplex.server.session.RemoteAnswer;
import dev.duplex.server.session.RemoteCall;
import dev.duplex.server.session.TransportHost;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.Principal;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Long-polling requests for sessions this node does not hold, in a cluster: passed to the node that does
 * ({@link TransportHost#forward}) and answered as that node answers, without holding a thread meanwhile. A poll
 * is authorized here, where the request is; the token and principal are checked by the owner.
 */
final class Forwarding {
    private static final System.Logger LOG = System.getLogger(Forwarding.class.getName());
    private static final Pattern RETRY_MILLIS = Pattern.compile("\"retry\":(\\d+)");

    private final TransportHost host;
    private final DuplexOptions options;

    Forwarding(TransportHost host) {
        this.host = host;
        this.options = host.options();
    }

    /** Forwards a poll; {@code async} is the started request, answered {@code []} if the owner stays silent. */
    void poll(HttpServletRequest request, AsyncContext async, String sid, long ack) throws ProtocolException {
        host.authorize(Requests.handshake(request, options.httpSessionAttributes()));
        RemoteCall call = new RemoteCall(RemoteCall.Kind.POLL, sid, Requests.single(request, Requests.TOKEN_HEADER),
                name(request.getUserPrincipal()), ack, Requests.probing(request), null);
        // Longer than the owner's own hold, so the owner's answer normally comes first.
        answerLater(async, host.forward(call), RemoteAnswer.ok("[]"),
                options.pollTimeoutMillis() + 2 * options.sweepIntervalMillis() + options.heartbeatTimeoutMillis());
    }

    /** Forwards a send whose body has arrived. */
    void send(HttpServletRequest request, AsyncContext async, String sid, String body) throws ProtocolException {
        RemoteCall call = new RemoteCall(RemoteCall.Kind.SEND, sid, Requests.single(request, Requests.TOKEN_HEADER),
                name(request.getUserPrincipal()), 0, false, body);
        answerLater(async, host.forward(call),
                RemoteAnswer.refusal(ErrorCode.NODE_UNAVAILABLE, "the node holding the session did not answer"),
                options.bodyTimeoutMillis());
    }

    private static String name(Principal principal) {
        return principal == null ? null : principal.getName();
    }

    /** The {@code Retry-After} of a refusal, as {@link Responses} writes it on the node that refused (section 6). */
    static Optional<String> retryAfter(RemoteAnswer answer) {
        if (answer.status() == ErrorCode.RATE_LIMITED.httpStatus()) {
            return Optional.of("1");
        }
        Matcher retry = RETRY_MILLIS.matcher(answer.body());
        if (answer.status() == ErrorCode.SHUTTING_DOWN.httpStatus() && retry.find()) {
            return Optional.of(Responses.retryAfterSeconds(Long.parseLong(retry.group(1))));
        }
        return Optional.empty();
    }

    /** Writes {@code answer} when it comes, or {@code otherwise} if it has not come within {@code timeoutMillis}. */
    static void answerLater(AsyncContext async, CompletionStage<RemoteAnswer> answer, RemoteAnswer otherwise,
            long timeoutMillis) {
        AtomicBoolean answered = new AtomicBoolean();
        async.setTimeout(timeoutMillis);
        async.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) {
                if (answered.compareAndSet(false, true)) {
                    try {
                        Responses.json((HttpServletResponse) async.getResponse(), otherwise.status(), otherwise.body());
                    } catch (IOException | IllegalStateException e) {
                        LOG.log(Level.DEBUG, "forwarded request not answered", e);
                    }
                    async.complete();
                }
            }

            @Override
            public void onComplete(AsyncEvent event) {
                answered.set(true);
            }

            @Override
            public void onError(AsyncEvent event) {
                answered.set(true);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        answer.whenComplete((result, failure) -> {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            RemoteAnswer written = failure == null ? result : RemoteAnswer.refusal(ErrorCode.NODE_UNAVAILABLE,
                    "the node holding the session could not be asked");
            if (failure != null) {
                LOG.log(Level.DEBUG, "forwarding failed", failure);
            }
            write(async, written);
        });
    }

    /**
     * Writes an answer to an async request and completes it, with the {@code Retry-After} the owner node gave its
     * refusal: an answer crosses nodes as status and body only, and the header follows from them.
     */
    static void write(AsyncContext async, RemoteAnswer answer) {
        try {
            retryAfter(answer).ifPresent(seconds -> ((HttpServletResponse) async.getResponse())
                    .setHeader("Retry-After", seconds));
            Responses.jsonAsync(async, answer.status(), answer.body());
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.DEBUG, "answer not delivered", e);
            async.complete();
        }
    }
}
