package dev.duplex.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * The session: what the client numbered and the server has not acked ({@link Outbox}), what it received,
 * and which transport carries them. Every field is confined to one loop thread; transports report on it.
 * Long-polling lives here; the WebSocket upgrade, downgrade and heartbeat live in {@link Upgrade}.
 */
final class Connection {
    /** The most client frames the spec lets a receiver wait before it acks on a WebSocket. */
    static final int ACK_EVERY = 32;
    static final long ACK_WITHIN_MILLIS = 250;

    final Handshake handshake;
    final ClientOptions options;
    final HttpPipe http;
    final Events events;
    final Outbox outbox = new Outbox();
    private final ScheduledExecutorService loop;
    /** The loop as an {@link Executor} that ignores work arriving after the channel ended. */
    final Executor onLoop;
    final Upgrade upgrade;
    final Requests requests = new Requests(this);
    private final Backoff pollBackoff;
    private final Backoff postBackoff;

    private volatile ChannelState state = ChannelState.OPEN;
    Mode mode = Mode.POLLING;
    /** The highest server seq accepted. */
    long received;
    /** The highest client seq written on the current pipe; everything above goes out next. */
    long sentUpTo;
    private boolean pollInFlight;
    /** A probe poll was answered 204: the WebSocket's welcome is on its way, so poll no more for now. */
    boolean pollPaused;
    private boolean postInFlight;
    private long holdUntil;
    /** A stopping node advised coming back no sooner: no poll, send or upgrade before then (section 5.1). */
    private long awayUntil;
    private boolean pressured;

    Connection(Handshake handshake, ClientOptions options, HttpPipe http, ScheduledExecutorService loop) {
        this.handshake = handshake;
        this.options = options;
        this.http = http;
        this.loop = loop;
        this.events = new Events();
        this.onLoop = task -> {
            try {
                loop.execute(task);
            } catch (RejectedExecutionException ended) {
                // the channel is closed; late transport news has no one left to tell
            }
        };
        this.pollBackoff = new Backoff(millis(options.backoffMin()), millis(options.backoffMax()), options.random());
        this.postBackoff = new Backoff(millis(options.backoffMin()), millis(options.backoffMax()), options.random());
        this.upgrade = new Upgrade(this);
    }

    /** Starts polling at once and, if both sides allow it, probes the WebSocket in parallel. */
    void start() {
        onLoop.execute(() -> {
            poll();
            if (handshake.ws() && options.webSocket()) {
                upgrade.start();
            }
        });
    }

    ChannelState state() {
        return state;
    }

    long now() {
        return options.clock().millis();
    }

    void schedule(Runnable task, long delayMillis) {
        try {
            loop.schedule(() -> {
                if (state != ChannelState.CLOSED) {
                    task.run();
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException ended) {
            // closed meanwhile
        }
    }

    ScheduledFuture<?> scheduleRepeating(Runnable task, long periodMillis) {
        return loop.scheduleAtFixedRate(task, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Numbers and queues an application frame (any thread). Refuses, with {@code false}, after close, beyond
     * {@code maxQueue}, and a payload over the server's {@code maxMessage} (which also raises {@code too_large}).
     */
    boolean enqueue(JsonElement payload, LongFunction<JsonObject> frame) {
        if (state != ChannelState.OPEN) {
            return false;
        }
        if (payload != null && Codec.payloadText(payload).length() > handshake.maxMessage()) {
            onLoop.execute(() -> events.error(new DuplexError("too_large",
                    "payload over the server's maxMessage of " + handshake.maxMessage() + " characters", 0)));
            return false;
        }
        if (outbox.size() >= options.maxQueue()) {
            return false;
        }
        outbox.add(seq -> Codec.encode(frame.apply(seq)));
        onLoop.execute(this::flush);
        return true;
    }

    /**
     * Sends a close frame after every earlier frame; the channel ends with the server's own close frame, which
     * follows everything the server had queued, or after {@code closeTimeout}.
     */
    void close() {
        onLoop.execute(() -> {
            if (state != ChannelState.OPEN) {
                return;
            }
            state = state.to(ChannelState.CLOSING);
            outbox.add(seq -> Codec.encode(Codec.close(seq, 1000, "client closed")));
            flush();
            schedule(() -> finish(new CloseNotice(1000, "closed without the server's ack", false,
                    outbox.size())), millis(options.closeTimeout()));
        });
    }

    // ---- long-polling ----

    void poll() {
        if (state == ChannelState.CLOSED || mode == Mode.WEBSOCKET || pollInFlight || pollPaused || now() < awayUntil) {
            return;
        }
        pollInFlight = true;
        Duration timeout = Duration.ofMillis(handshake.poll() + handshake.hbTimeout());
        http.poll(received, mode == Mode.PROBING, timeout).whenCompleteAsync(this::polled, onLoop);
    }

    private void polled(HttpResponse<String> response, Throwable failure) {
        if (state == ChannelState.CLOSED) {
            return;
        }
        int status = failure == null ? response.statusCode() : 0;
        if (status == 200) {
            pollInFlight = false;
            pollBackoff.reset();
            receive(response.body(), false);
            poll();
        } else if (status == 204) {
            pollInFlight = false;
            pollPaused = mode == Mode.PROBING;
            poll();
        } else if (advice(status, response) >= 0) {
            pollInFlight = false;
            away(advice(status, response));
        } else if (!refused(status, response)) {
            // stays "in flight" until the retry, so nothing else starts a second poll meanwhile
            schedule(() -> {
                pollInFlight = false;
                poll();
            }, pollBackoff.next());
        }
    }

    /** Sends what the current pipe has not carried yet: a POST, or WebSocket messages. */
    void flush() {
        if (state == ChannelState.CLOSED || now() < holdUntil) {
            return;
        }
        List<Outbox.Entry> pending = outbox.after(sentUpTo);
        if (pending.isEmpty()) {
            return;
        }
        if (mode == Mode.WEBSOCKET) {
            upgrade.write(pending);
            return;
        }
        if (postInFlight) {
            return;
        }
        List<String> batch = batch(pending, 0);
        sentUpTo = pending.get(batch.size() - 1).seq();
        postInFlight = true;
        boolean single = batch.size() == 1;
        Duration timeout = Duration.ofMillis(handshake.hb() + handshake.hbTimeout());
        http.post(Codec.encodeBatch(batch), timeout)
                .whenCompleteAsync((response, failure) -> posted(response, failure, single), onLoop);
    }

    /** The longest prefix of {@code pending} that fits one message: {@code maxBatch} frames, the byte cap. */
    List<String> batch(List<Outbox.Entry> pending, int reservedBytes) {
        List<String> batch = new ArrayList<>();
        long bytes = 2 + reservedBytes;
        for (Outbox.Entry entry : pending) {
            long size = entry.wire().getBytes(StandardCharsets.UTF_8).length + 1;
            boolean full = batch.size() + 1 > handshake.maxBatch() || bytes + size > handshake.maxPostBytes();
            if (!batch.isEmpty() && full) {
                break;
            }
            batch.add(entry.wire());
            bytes += size;
        }
        return batch;
    }

    private void posted(HttpResponse<String> response, Throwable failure, boolean single) {
        postInFlight = false;
        if (state == ChannelState.CLOSED) {
            return;
        }
        int status = failure == null ? response.statusCode() : 0;
        if (status == 200) {
            postBackoff.reset();
            receive(response.body(), false);
        } else if (status == 413 && single) {
            events.error(new DuplexError("too_large", "the server refused a single frame as too large",
                    outbox.acked() + 1));
            finish(new CloseNotice(4413, "a frame the server can never take", true, outbox.size()));
            return;
        } else if (status == 429) {
            String after = response.headers().firstValue("Retry-After").orElse("1");
            slow(Math.max(1, parseLong(after)) * 1000);
            return;
        } else if (advice(status, response) >= 0) {
            away(advice(status, response));
            return;
        } else if (!refused(status, response)) {
            sentUpTo = Math.min(sentUpTo, outbox.acked());
            long delay = postBackoff.next();
            holdUntil = now() + delay;
            schedule(this::flush, delay);
            return;
        }
        flush();
    }

    /** Handles the answers that end the channel; returns whether it was one. */
    private boolean refused(int status, HttpResponse<String> response) {
        if (status == 404) {
            lost();
            return true;
        }
        if (status == 400 || status == 403) {
            String body = response.body();
            events.error(new DuplexError(status == 403 ? "forbidden" : "bad_request", body, 0));
            finish(new CloseNotice(status == 403 ? 4403 : 4400, "refused by the server: " + body, true,
                    outbox.size()));
            return true;
        }
        return false;
    }

    // ---- frames from the server, on either transport ----

    /**
     * Processes one server message. Returns the number of sequenced frames accepted, or -1 when the message
     * was malformed or skipped a seq (the transport that carried it is then not to be trusted).
     */
    int receive(String text, boolean fromWebSocket) {
        List<JsonObject> frames;
        try {
            frames = Codec.decode(text);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        int accepted = 0;
        for (JsonObject frame : frames) {
            if (state == ChannelState.CLOSED) {
                break;
            }
            String type = frame.get("t").getAsString();
            switch (type) {
                case "ack" -> acked(Codec.number(frame, "ack"));
                case "slow" -> slow(Codec.number(frame, "retry"));
                case "away" -> away(Codec.number(frame, "retry"));
                case "ping" -> upgrade.pong(Codec.text(frame, "id"));
                case "pong" -> { }
                case "welcome" -> upgrade.welcome(Codec.number(frame, "ack"));
                case "reset" -> reset(frame);
                default -> {
                    long seq = Codec.number(frame, "seq");
                    if (seq > received + 1) {
                        // a gap: a poll restarts from our ack anyway; a WebSocket that skips is broken
                        return fromWebSocket ? -1 : accepted;
                    }
                    if (seq == received + 1) {
                        received = seq;
                        accepted++;
                        deliver(type, frame);
                    }
                }
            }
        }
        return accepted;
    }

    private void deliver(String type, JsonObject frame) {
        switch (type) {
            case "msg" -> events.message(DuplexMessage.of(Codec.text(frame, "topic"), frame));
            case "error" -> events.error(new DuplexError(Codec.text(frame, "code"), Codec.text(frame, "message"),
                    frame.has("ref") ? Codec.number(frame, "ref") : 0));
            case "req" -> requests.asked(frame);
            case "res" -> requests.answered(frame);
            case "close" -> {
                ackServerClose();
                finish(new CloseNotice((int) Codec.number(frame, "code"), Codec.text(frame, "reason"), false,
                        outbox.size()));
            }
            default -> {
                // suback, unsuback: the subscription took effect; nothing to tell
            }
        }
    }

    void acked(long ack) {
        if (!outbox.ack(ack)) {
            return;
        }
        // Closing, the server's ack of our close is not the end: its own close frame follows every frame it
        // queued before it (the echo of a last message, say), and that frame ends the channel (deliver).
        if (state != ChannelState.CLOSING && pressured && outbox.size() == 0) {
            pressured = false;
            events.drain();
        }
    }

    /** The server's advice to pause: hold every send for {@code retry} ms, then re-send from its ack. */
    private void slow(long retry) {
        holdUntil = now() + retry;
        sentUpTo = outbox.acked();
        pressured = true;
        events.pressure(retry);
        schedule(this::flush, retry);
    }

    /**
     * A stopping node's advice to come back (an {@code away} frame, {@code 503 shutting_down}, close 1001;
     * PROTOCOL.md section 5.1), {@code retry} ms or 0 for none: no failure and nothing to tell the application.
     * Holds polls, sends and the WebSocket for the advice (else 1 to 5 s) plus up to half as much again, then
     * resumes the same session by polling, re-sending whatever the server has not acked.
     */
    void away(long retry) {
        double random = options.random().getAsDouble();
        long advice = retry > 0 ? retry : 1000 + (long) (4000 * options.random().getAsDouble());
        long delay = advice + (long) (random * advice / 2);
        awayUntil = Math.max(awayUntil, now() + delay);
        holdUntil = Math.max(holdUntil, awayUntil);
        sentUpTo = outbox.acked();
        upgrade.away(delay);
        schedule(() -> {
            poll();
            flush();
        }, delay);
    }

    /** A {@code 503 shutting_down}'s advice in ms (the body's {@code retry}, else {@code Retry-After}; 0 if
     * neither), or -1 for any other answer. */
    private static long advice(int status, HttpResponse<String> response) {
        if (status != 503) {
            return -1;
        }
        try {
            JsonObject body = Codec.GSON.fromJson(response.body(), JsonObject.class);
            if (body == null || !body.has("error") || !"shutting_down".equals(body.get("error").getAsString())) {
                return -1;
            }
            if (body.has("retry")) {
                return body.get("retry").getAsLong();
            }
        } catch (RuntimeException notJson) {
            return -1;
        }
        return response.headers().firstValue("Retry-After").map(after -> 1000 * parseLong(after)).orElse(0L);
    }

    private void reset(JsonObject frame) {
        long to = Codec.number(frame, "to");
        if (to <= received) {
            return; // a replayed reset, or frames this client already took: nothing is lost for it
        }
        // The server counts from the last ack it got; frames taken after that (their ack still on its way when the
        // connection broke) are not lost for this client, so the application hears only of those it never got.
        long from = Math.max(Codec.number(frame, "from"), received + 1);
        received = to;
        List<String> topics = new ArrayList<>();
        if (frame.has("topics")) {
            frame.getAsJsonArray("topics").forEach(t -> topics.add(t.getAsString()));
        }
        events.reset(new ResetNotice(Codec.text(frame, "reason"), from, to, List.copyOf(topics)));
    }

    /** The server no longer knows the session: say so, never silently start over. */
    void lost() {
        if (state == ChannelState.CLOSING) {
            // the server ended the session on our close frame before its ack could reach us
            finish(new CloseNotice(1000, "client closed", false, 0));
            return;
        }
        events.error(new DuplexError("unknown_session", "the session expired or is unknown to the server", 0));
        finish(new CloseNotice(4404, "unknown_session", true, outbox.size()));
    }

    /**
     * Acks the server's close frame, best effort, so the server ends the session now rather than a heartbeat
     * timeout later: on a WebSocket an ack frame, on long-polling a last POST (no poll follows it).
     */
    private void ackServerClose() {
        String ack = Codec.encode(Codec.ack(received));
        if (mode == Mode.WEBSOCKET) {
            upgrade.sendNow(ack);
        } else {
            http.post("[" + ack + "]", Duration.ofMillis(handshake.hbTimeout()));
        }
    }

    void finish(CloseNotice notice) {
        if (state == ChannelState.CLOSED) {
            return;
        }
        state = state.to(ChannelState.CLOSED);
        upgrade.stop();
        requests.closeAll();
        events.close(notice);
        loop.shutdown();
    }

    static long millis(Duration duration) {
        return duration.toMillis();
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
