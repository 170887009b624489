package dev.duplex.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Request/reply (PROTOCOL.md section 3.4): this client's requests waiting for the server's answer, by the seq
 * of their {@code req} frame, and the answers to the server's requests. Answers to the server are queued even
 * when {@code maxQueue} frames wait already, so the server's request never times out for want of room.
 */
final class Requests {
    private static final System.Logger LOG = System.getLogger(DuplexClient.class.getName());

    private final Connection connection;
    private final Map<Long, CompletableFuture<DuplexMessage>> waiting = new ConcurrentHashMap<>();
    private volatile Function<DuplexMessage, ?> handler;

    Requests(Connection connection) {
        this.connection = connection;
    }

    void handler(Function<DuplexMessage, ?> answering) {
        handler = answering;
    }

    /** Sends a request (any thread); the future completes on the client's loop thread. */
    CompletableFuture<DuplexMessage> ask(Payload data, Duration timeout) {
        CompletableFuture<DuplexMessage> answer = new CompletableFuture<>();
        long[] seq = new long[1];
        boolean queued = connection.enqueue(data.value(), s -> {
            seq[0] = s;
            waiting.put(s, answer);
            return data.into(Codec.typed("req", s));
        });
        if (!queued) {
            answer.completeExceptionally(new RequestException(refusal(data.value()), "the request was not sent"));
            return answer;
        }
        connection.schedule(() -> {
            if (waiting.remove(seq[0], answer)) {
                answer.completeExceptionally(new RequestException("timeout", "no answer within " + timeout));
            }
        }, Connection.millis(timeout));
        return answer;
    }

    private String refusal(JsonElement data) {
        if (connection.state() != ChannelState.OPEN) {
            return "closed";
        }
        return tooLarge(data) ? "too_large" : "queue_full";
    }

    private boolean tooLarge(JsonElement data) {
        return Codec.payloadText(data).length() > connection.handshake.maxMessage();
    }

    /** The server answered one of this client's requests; a late or unknown answer is dropped. */
    void answered(JsonObject res) {
        CompletableFuture<DuplexMessage> answer = waiting.remove(Codec.number(res, "ref"));
        if (answer == null) {
            return;
        }
        if (res.has("code")) {
            answer.completeExceptionally(new RequestException(Codec.text(res, "code"), Codec.text(res, "message")));
        } else {
            answer.complete(DuplexMessage.of(null, res));
        }
    }

    /** The server asks: the handler answers now or later; exactly one {@code res} goes back. */
    void asked(JsonObject req) {
        long ref = Codec.number(req, "seq");
        Function<DuplexMessage, ?> answering = handler;
        if (answering == null) {
            reply(ref, null, new RequestException("no_handler", "the client has no request handler"));
            return;
        }
        Object result;
        try {
            result = answering.apply(DuplexMessage.of(null, req));
        } catch (RuntimeException e) {
            reply(ref, null, e);
            return;
        }
        if (result instanceof CompletionStage<?> later) {
            later.whenComplete((value, failure) -> connection.onLoop.execute(() -> reply(ref, value, failure)));
        } else {
            reply(ref, result, null);
        }
    }

    private void reply(long ref, Object value, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        JsonObject frame;
        if (cause instanceof RequestException refused) {
            frame = refusal(ref, refused.code(), refused.getMessage());
        } else if (cause != null) {
            LOG.log(System.Logger.Level.WARNING, "a Duplex client request handler failed", cause);
            frame = refusal(ref, "internal_error", "the client failed to answer");
        } else {
            Payload data = Payload.of(value == null ? JsonNull.INSTANCE : value);
            frame = tooLarge(data.value()) ? refusal(ref, "too_large", "the answer exceeds the server's maxMessage")
                    : data.into(Codec.typed("res", 0));
            if (!frame.has("code")) {
                frame.addProperty("ref", ref);
            }
        }
        if (connection.state() == ChannelState.OPEN) {
            connection.outbox.add(seq -> {
                frame.addProperty("seq", seq);
                return Codec.encode(Codec.canonical(frame));
            });
            connection.onLoop.execute(connection::flush);
        }
    }

    private static JsonObject refusal(long ref, String code, String message) {
        return Codec.res(0, ref, null, code, message);
    }

    /** The channel ended: every request still waiting fails with {@code closed}. */
    void closeAll() {
        List<CompletableFuture<DuplexMessage>> all = new ArrayList<>(waiting.values());
        waiting.clear();
        for (CompletableFuture<DuplexMessage> answer : all) {
            answer.completeExceptionally(new RequestException("closed", "the channel closed before the answer"));
        }
    }
}
