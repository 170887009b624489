package dev.duplex.server.metrics;

import dev.duplex.server.api.Metrics;
import dev.duplex.server.api.TransportKind;
import dev.duplex.server.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * The figures of one hub (see {@link Metrics} for what they are for, README "Monitoring" for the list), and
 * the events that move them, each with its log line. Thread-safe; the per-message methods
 * ({@link #received}, {@link #sent}, {@link #replayed}) only add to {@link LongAdder}s.
 */
public final class HubMetrics implements Metrics {
    private static final int MAX_TAG_VALUES = 32;

    private final Consumer<SessionCensus> census;
    private final LongSupplier clock;
    private final EventLog log;
    private final List<Consumer<Figure>> listeners = new CopyOnWriteArrayList<>();
    private final FallbackHistory fallbackHistory = new FallbackHistory();

    private final LongAdder handshakes = new LongAdder();
    private final LongAdder framesIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder framesOut = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder replayedFrames = new LongAdder();
    private final LongAdder slowConsumerCuts = new LongAdder();
    private final KeyedCounter upgrades = counter("duplex.upgrades",
            "moves from long-polling to WebSocket, by how (probe: a probe took over; resume: after a loss)", "reason");
    private final KeyedCounter reupgrades = counter("duplex.reupgrades",
            "upgrades of sessions that had been on WebSocket before", "reason");
    private final KeyedCounter downgrades = counter("duplex.downgrades",
            "moves from WebSocket to long-polling, by why the WebSocket went", "reason");
    private final KeyedCounter losses = counter("duplex.transport.losses",
            "transports lost while their session lived, by transport and reason", "transport", "reason");
    private final KeyedCounter resets = counter("duplex.resets",
            "continuity lost: reset frames sent (overflow, topic_gap) and sessions expired", "reason");
    private final KeyedCounter refusals = counter("duplex.refusals",
            "requests and WebSocket messages refused, by error code", "code");
    private final KeyedCounter fallbacks = counter("duplex.fallbacks",
            "clients' reports of why they are on long-polling, by reason and browser family", "reason", "browser");

    /**
     * @param mount  the mount's path, for the log
     * @param clock  the hub's clock, for the fallback history
     * @param census counts every session of the hub into the census it is given (run when a gauge is read)
     */
    public HubMetrics(String mount, LongSupplier clock, Consumer<SessionCensus> census) {
        this.log = new EventLog(mount);
        this.clock = clock;
        this.census = census;
    }

    private KeyedCounter counter(String name, String description, String... tags) {
        return new KeyedCounter(name, description, List.of(tags), MAX_TAG_VALUES, this::announce);
    }

    private void announce(Figure figure) {
        listeners.forEach(listener -> listener.accept(figure));
    }

    // ---- events ----

    /** A handshake opened a session. */
    public void handshake() {
        handshakes.increment();
    }

    /** A client message (a POST body, a WebSocket message) of {@code frames} frames and {@code bytes} bytes. */
    public void received(int frames, long bytes) {
        framesIn.add(frames);
        bytesIn.add(bytes);
    }

    /** A server message (a poll response, a WebSocket message) of {@code frames} frames and {@code bytes} bytes. */
    public void sent(int frames, long bytes) {
        framesOut.add(frames);
        bytesOut.add(bytes);
    }

    /** Numbered frames sent again (after a switch, a resume or a lost response). */
    public void replayed(int frames) {
        replayedFrames.add(frames);
    }

    /** A WebSocket was cut because a write stayed pending too long. */
    public void slowConsumerCut() {
        slowConsumerCuts.increment();
    }

    /** A request (at {@code where}, from {@code remote}) or a WebSocket message was refused with {@code code}. */
    public void refused(ErrorCode code, String where, String remote) {
        refusals.increment(code.wireName());
        log.refusal(code.wireName(), where, remote);
    }

    /** A client is told with a {@code reset} that frames {@code from}..{@code to} are lost. */
    public void reset(String sid, String reason, long from, long to) {
        resets.increment(reason);
        log.reset(sid, reason, from, to);
    }

    /** A session outlived its resume window: its client, if it comes back, starts over after a reset. */
    public void expired(String sid) {
        resets.increment("expired");
        log.expired(sid);
    }

    /**
     * A session's transport changed, as its application hears it ({@code reason} as in
     * {@code ChannelHandler.onTransport}); called one at a time and in order for each session.
     */
    public void transportChanged(TransportTrail trail, String sid, TransportKind from, TransportKind to,
            String reason) {
        log.transport(sid, from.wireName(), to.wireName(), reason);
        if (to == TransportKind.NONE) {
            if (!reason.startsWith("session closed")) {
                String key = Reasons.key(reason);
                losses.increment(from.wireName(), key);
                trail.lost(key);
            }
            return;
        }
        if (to == TransportKind.WEBSOCKET && trail.carrier() == TransportKind.LONG_POLLING) {
            String how = from == TransportKind.LONG_POLLING ? "probe" : "resume";
            upgrades.increment(how);
            if (trail.rodeWebSocket()) {
                reupgrades.increment(how);
            }
        } else if (to == TransportKind.LONG_POLLING && trail.carrier() == TransportKind.WEBSOCKET) {
            downgrades.increment(from == TransportKind.WEBSOCKET ? "superseded" : trail.lostBecause());
        }
        trail.carried(to);
    }

    /**
     * A client reported why it is on long-polling ({@code fallback} frame); {@code userAgent} is its
     * handshake's. At most a few reports per session count.
     */
    public void fallback(TransportTrail trail, String sid, String reason, String userAgent) {
        if (!trail.mayReportFallback()) {
            return;
        }
        String known = Reasons.fallback(reason);
        String browser = BrowserFamily.of(userAgent);
        fallbacks.increment(known, browser);
        fallbackHistory.add(clock.getAsLong(), known);
        log.fallback(sid, known, browser);
    }

    // ---- reading ----

    private SessionCensus census() {
        SessionCensus counted = new SessionCensus();
        census.accept(counted);
        return counted;
    }

    private Figure gauge(String name, Map<String, String> tags, String description, ToLongFunction<SessionCensus> f) {
        return new Figure(name, tags, Kind.GAUGE, description, () -> f.applyAsLong(census()));
    }

    private static Figure counter(String name, String description, LongAdder adder) {
        return new Figure(name, Map.of(), Kind.COUNTER, description, adder::sum);
    }

    @Override
    public List<Figure> figures() {
        List<Figure> figures = new ArrayList<>();
        for (TransportKind kind : TransportKind.values()) {
            figures.add(gauge("duplex.sessions", Map.of("transport", kind.wireName()),
                    "open sessions by transport (none: between transports, inside the resume window)",
                    c -> c.on(kind)));
        }
        figures.add(gauge("duplex.sessions.state", Map.of("state", "open"), "sessions open", SessionCensus::open));
        figures.add(gauge("duplex.sessions.state", Map.of("state", "closing"),
                "sessions closing (their close frame not yet acknowledged)", SessionCensus::closing));
        figures.add(gauge("duplex.outbox.chars", Map.of(),
                "characters held for replay, all sessions", SessionCensus::outboxChars));
        figures.add(gauge("duplex.outbox.chars.max", Map.of(),
                "characters held for replay by the fullest session", SessionCensus::outboxCharsMax));
        figures.add(gauge("duplex.outbox.frames", Map.of(),
                "frames held for replay, all sessions", SessionCensus::outboxFrames));
        figures.add(counter("duplex.handshakes", "sessions opened", handshakes));
        figures.add(counter("duplex.frames.in", "client frames received", framesIn));
        figures.add(counter("duplex.bytes.in", "client bytes received (POST bodies, WebSocket messages)", bytesIn));
        figures.add(counter("duplex.frames.out", "server frames sent", framesOut));
        figures.add(counter("duplex.bytes.out", "server bytes sent (poll responses, WebSocket messages)", bytesOut));
        figures.add(counter("duplex.frames.replayed", "numbered frames sent again", replayedFrames));
        figures.add(counter("duplex.slow_consumer.cuts", "WebSockets cut as slow consumers", slowConsumerCuts));
        for (KeyedCounter keyed : List.of(upgrades, reupgrades, downgrades, losses, resets, refusals, fallbacks)) {
            figures.addAll(keyed.figures());
        }
        return figures;
    }

    @Override
    public void onNewFigure(Consumer<Figure> listener) {
        listeners.add(listener);
    }

    /** A summary for the admin view: the transport mix and the tagged counters, by tag value. */
    public Map<String, Object> summary() {
        SessionCensus now = census();
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Long> mix = new LinkedHashMap<>();
        for (TransportKind kind : TransportKind.values()) {
            mix.put(kind.wireName(), now.on(kind));
        }
        out.put("transports", mix);
        out.put("handshakes", handshakes.sum());
        out.put("upgrades", upgrades.byKey());
        out.put("downgrades", downgrades.byKey());
        out.put("resets", resets.byKey());
        out.put("refusals", refusals.byKey());
        out.put("fallbacks", fallbacks.byKey());
        out.put("fallbackHistory", fallbackHistory.rows());
        out.put("slowConsumerCuts", slowConsumerCuts.sum());
        out.put("replayedFrames", replayedFrames.sum());
        return out;
    }
}
