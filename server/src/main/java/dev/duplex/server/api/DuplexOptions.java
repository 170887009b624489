package dev.duplex.server.api;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every limit and timeout of a hub, each with a documented default. Immutable; build with {@link #builder()}.
 *
 * <p>From {@code web.xml}, each option is an init-param of the same name as its builder method, e.g.
 * {@code <param-name>heartbeatMillis</param-name>}; {@code allowedOrigins} and {@code httpSessionAttributes}
 * take comma-separated lists. An init-param that is not an option fails the mount ({@link #parameterNames()}).
 * Every value is checked when the options are built: a bad one throws {@link IllegalArgumentException} at mount
 * time, not under load.
 *
 * @param heartbeatMillis           longest a transport may stay silent before a ping; default 25 s
 * @param heartbeatTimeoutMillis    extra silence from the peer, after a heartbeat interval, before its
 *                                  transport is declared dead; also the time a WebSocket has to send
 *                                  {@code hello}; default 20 s (so a dead peer is found within 45 s)
 * @param pollTimeoutMillis         longest a long-poll is parked; default 25 s
 * @param resumeWindowMillis        how long a channel without a transport is kept for resume; default 120 s
 * @param maxMessageChars           largest message payload, in characters (UTF-16 code units) of its compact
 *                                  JSON text; a larger one is refused with an {@code error} frame
 *                                  {@code too_large} and the session goes on; default 65,536
 * @param maxPostBytes              largest long-poll POST body and WebSocket message, bytes; default 1 MiB;
 *                                  at least {@link #minPostBytes(int) 3 * maxMessageChars + 1024}
 * @param maxBatch                  most frames per POST body or WebSocket message; default 100
 * @param replayMaxFrames           unacknowledged frames kept per channel for replay; default 1,000
 * @param replayMaxChars            unacknowledged characters kept per channel for replay; default 1 MiB
 * @param replayGlobalMaxChars      unacknowledged characters kept over all channels; default 256 MiB
 * @param maxSessions               most open channels per hub; default 10,000
 * @param maxSubscriptions          most topics one channel may subscribe to; default 100
 * @param allowedOrigins            cross-origin {@code Origin}s allowed, matched exactly; default none
 * @param allowMissingOrigin        whether requests without {@code Origin} (non-browser clients) are
 *                                  allowed; default true
 * @param webSocketEnabled          whether the WebSocket transport is offered; default true
 * @param sweepIntervalMillis       the resolution of the hub's timers: heartbeats, poll timeouts and expiry are
 *                                  acted on at most this late (each session's next deadline waits on a timer
 *                                  wheel ticking at this interval, so an idle session costs nothing until it is
 *                                  due); pings go out and parked polls are answered this much early; default 1 s
 * @param flushThreads              threads that write to clients; default 2
 * @param slowConsumerMillis        longest one WebSocket write may stay pending before the transport is cut
 *                                  as a slow consumer (the session survives and resumes); default 10 s
 * @param maxInboundPerSecond       client frames one session may send per second (a burst of as many is
 *                                  allowed); beyond it the client is advised to slow down (a {@code slow}
 *                                  frame), and a client that ignores the advice gets {@code 429 rate_limited}
 *                                  or close 4429; default 1,000
 * @param maxPollsPerAddress        parked polls one remote address may hold at once; beyond it
 *                                  {@code 429 rate_limited}; default 1,000 (many users share an address
 *                                  behind NAT, so this stops floods, not tabs)
 * @param maxBundle                 most sessions one bundled poll ({@code POST <mount>/bundle}, PROTOCOL.md section
 *                                  2.5) may carry: the tabs of one browser that share one connection; beyond it
 *                                  {@code 413 too_large}; default 16
 * @param bodyTimeoutMillis         longest a {@code POST} body may take to arrive in full; a slower client is
 *                                  refused ({@code 400}) and its connection closed. Bodies are read without
 *                                  blocking, so a client that trickles holds no thread meanwhile; default 10 s
 * @param stopRetryMinMillis        when this node stops gracefully, the shortest wait it advises a client
 *                                  before coming back ({@code away} frames, {@code 503 shutting_down});
 *                                  default 500 ms
 * @param stopRetryMaxMillis        the longest such wait: each session's advice is drawn uniformly from
 *                                  {@code [stopRetryMinMillis, stopRetryMaxMillis]}, so clients do not all
 *                                  return in one instant; default 5 s
 * @param stopGraceMillis           longest a graceful stop waits for a cluster's hand-off, and then again for
 *                                  the {@code away} answers to be written, before the container goes on;
 *                                  default 2 s
 * @param cluster                   a cluster URI, e.g. {@code redis://127.0.0.1:6379}: topics become cluster-wide
 *                                  through the module that serves the scheme ({@code duplex-redis} for
 *                                  {@code redis://} and {@code rediss://}), which must be on the class path;
 *                                  default empty: a single node (the context init-param
 *                                  {@code dev.duplex.cluster} then applies, if set)
 * @param httpSessionAttributes     the {@code HttpSession} attributes each {@link Handshake} copies, by name,
 *                                  for {@link ChannelHandler#authorize} and the channel's life (the HTTP
 *                                  session's id is always recorded); default none
 * @param adminToken                a secret of at least 16 characters that opens the mount's admin view
 *                                  ({@code <mount>/admin/}) to a request carrying it as
 *                                  {@code Authorization: Bearer <token>}, or as the password of HTTP Basic
 *                                  authentication (any user name); default empty: no token opens it
 * @param adminRole                 a servlet security role whose users may open the admin view
 *                                  ({@code HttpServletRequest.isUserInRole}); default empty. With neither option
 *                                  the admin view does not exist ({@code 404}): it is never open by default
 * @param scheduler                 time and timers; default {@link Scheduler#system(String)}, one per hub
 */
public record DuplexOptions(long heartbeatMillis, long heartbeatTimeoutMillis, long pollTimeoutMillis,
        long resumeWindowMillis, int maxMessageChars, int maxPostBytes, int maxBatch, int replayMaxFrames,
        long replayMaxChars, long replayGlobalMaxChars, int maxSessions, int maxSubscriptions,
        Set<String> allowedOrigins, boolean allowMissingOrigin, boolean webSocketEnabled,
        long sweepIntervalMillis, int flushThreads, long slowConsumerMillis, int maxInboundPerSecond,
        int maxPollsPerAddress, int maxBundle, long bodyTimeoutMillis, long stopRetryMinMillis, long stopRetryMaxMillis,
        long stopGraceMillis, String cluster, Set<String> httpSessionAttributes,
        String adminToken, String adminRole, Supplier<Scheduler> scheduler) {

    /** The shortest {@code adminToken} accepted: a short one could be guessed. */
    public static final int MIN_ADMIN_TOKEN_LENGTH = 16;

    /**
     * Checks every value: a bad option fails at mount time, not under load.
     *
     * @param heartbeatMillis        see {@link #heartbeatMillis()}
     * @param heartbeatTimeoutMillis see {@link #heartbeatTimeoutMillis()}
     * @param pollTimeoutMillis      see {@link #pollTimeoutMillis()}
     * @param resumeWindowMillis     see {@link #resumeWindowMillis()}
     * @param maxMessageChars        see {@link #maxMessageChars()}
     * @param maxPostBytes           see {@link #maxPostBytes()}
     * @param maxBatch               see {@link #maxBatch()}
     * @param replayMaxFrames        see {@link #replayMaxFrames()}
     * @param replayMaxChars         see {@link #replayMaxChars()}
     * @param replayGlobalMaxChars   see {@link #replayGlobalMaxChars()}
     * @param maxSessions            see {@link #maxSessions()}
     * @param maxSubscriptions       see {@link #maxSubscriptions()}
     * @param allowedOrigins         see {@link #allowedOrigins()}
     * @param allowMissingOrigin     see {@link #allowMissingOrigin()}
     * @param webSocketEnabled       see {@link #webSocketEnabled()}
     * @param sweepIntervalMillis    see {@link #sweepIntervalMillis()}
     * @param flushThreads           see {@link #flushThreads()}
     * @param slowConsumerMillis     see {@link #slowConsumerMillis()}
     * @param maxInboundPerSecond    see {@link #maxInboundPerSecond()}
     * @param maxPollsPerAddress     see {@link #maxPollsPerAddress()}
     * @param maxBundle              see {@link #maxBundle()}
     * @param bodyTimeoutMillis      see {@link #bodyTimeoutMillis()}
     * @param stopRetryMinMillis     see {@link #stopRetryMinMillis()}
     * @param stopRetryMaxMillis     see {@link #stopRetryMaxMillis()}
     * @param stopGraceMillis        see {@link #stopGraceMillis()}
     * @param cluster                see {@link #cluster()}
     * @param httpSessionAttributes  see {@link #httpSessionAttributes()}
     * @param adminToken             see {@link #adminToken()}
     * @param adminRole              see {@link #adminRole()}
     * @param scheduler              see {@link #scheduler()}
     * @throws IllegalArgumentException naming the first option whose value is out of range
     */
    public DuplexOptions {
        positive("heartbeatMillis", heartbeatMillis);
        positive("heartbeatTimeoutMillis", heartbeatTimeoutMillis);
        positive("pollTimeoutMillis", pollTimeoutMillis);
        positive("resumeWindowMillis", resumeWindowMillis);
        positive("maxMessageChars", maxMessageChars);
        positive("maxPostBytes", maxPostBytes);
        positive("maxBatch", maxBatch);
        positive("replayMaxFrames", replayMaxFrames);
        positive("replayMaxChars", replayMaxChars);
        positive("replayGlobalMaxChars", replayGlobalMaxChars);
        positive("maxSessions", maxSessions);
        positive("maxSubscriptions", maxSubscriptions);
        positive("sweepIntervalMillis", sweepIntervalMillis);
        positive("flushThreads", flushThreads);
        positive("slowConsumerMillis", slowConsumerMillis);
        positive("maxInboundPerSecond", maxInboundPerSecond);
        positive("maxPollsPerAddress", maxPollsPerAddress);
        positive("maxBundle", maxBundle);
        positive("bodyTimeoutMillis", bodyTimeoutMillis);
        positive("stopRetryMinMillis", stopRetryMinMillis);
        positive("stopGraceMillis", stopGraceMillis);
        if (stopRetryMaxMillis < stopRetryMinMillis) {
            throw new IllegalArgumentException("stopRetryMaxMillis=" + stopRetryMaxMillis + " must be at least"
                    + " stopRetryMinMillis=" + stopRetryMinMillis);
        }
        if (maxPostBytes < minPostBytes(maxMessageChars)) {
            throw new IllegalArgumentException("maxPostBytes=" + maxPostBytes + " cannot hold one frame with a payload"
                    + " of maxMessageChars=" + maxMessageChars + " characters: it must be at least 3 * maxMessageChars"
                    + " + 1024 = " + minPostBytes(maxMessageChars) + " bytes (UTF-8 takes up to 3 bytes per"
                    + " character). Raise maxPostBytes or lower maxMessageChars.");
        }
        allowedOrigins = Set.copyOf(allowedOrigins);
        cluster = cluster == null ? "" : cluster.trim();
        httpSessionAttributes = Set.copyOf(httpSessionAttributes);
        adminToken = adminToken == null ? "" : adminToken.trim();
        adminRole = adminRole == null ? "" : adminRole.trim();
        if (!adminToken.isEmpty() && adminToken.length() < MIN_ADMIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("adminToken must be at least " + MIN_ADMIN_TOKEN_LENGTH
                    + " characters (a short token can be guessed); use a random one, e.g. from `openssl rand -hex 16`");
        }
        if (scheduler == null) {
            throw new IllegalArgumentException("scheduler must not be null");
        }
    }

    /**
     * Whether the mount's admin view exists.
     *
     * @return true if a token or a role is configured
     */
    public boolean adminEnabled() {
        return !adminToken.isEmpty() || !adminRole.isEmpty();
    }

    /** Like the record's own, with {@code adminToken} masked: options are logged, secrets must not be. */
    @Override
    public String toString() {
        java.util.StringJoiner out = new java.util.StringJoiner(", ", "DuplexOptions[", "]");
        for (java.lang.reflect.RecordComponent component : DuplexOptions.class.getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(this);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            boolean secret = component.getName().equals("adminToken") && !adminToken.isEmpty();
            out.add(component.getName() + "=" + (secret ? "(set)" : value));
        }
        return out.toString();
    }

    /**
     * The smallest {@code maxPostBytes} that holds any one frame a client may send with a payload of
     * {@code maxMessageChars} characters: each character of the payload's JSON text (escapes included) takes at
     * most 3 bytes of UTF-8, and 1,024 bytes cover the rest of the frame, a topic of up to 128 characters
     * included. A client that splits its batches by bytes can then always send, and the server never has to
     * answer {@code 413} to a correct client (PROTOCOL.md section 9).
     *
     * @param maxMessageChars the {@code maxMessageChars} option
     * @return the smallest {@code maxPostBytes} that allows it
     */
    public static long minPostBytes(int maxMessageChars) {
        return 3L * maxMessageChars + 1024;
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /**
     * The defaults.
     *
     * @return the default options
     */
    public static DuplexOptions defaults() {
        return builder().build();
    }

    /**
     * A builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Options from named string parameters (a servlet's init-params), defaults for absent ones.
     *
     * @throws IllegalArgumentException naming the parameter, if one does not parse
     * @param parameters the value of each option by name, {@code null} where unset
     * @return the options, with defaults where unset
     */
    public static DuplexOptions fromParameters(Function<String, String> parameters) {
        Builder b = builder();
        ParameterReader r = new ParameterReader(parameters);
        r.longValue("heartbeatMillis", b::heartbeatMillis);
        r.longValue("heartbeatTimeoutMillis", b::heartbeatTimeoutMillis);
        r.longValue("pollTimeoutMillis", b::pollTimeoutMillis);
        r.longValue("resumeWindowMillis", b::resumeWindowMillis);
        r.intValue("maxMessageChars", b::maxMessageChars);
        r.intValue("maxPostBytes", b::maxPostBytes);
        r.intValue("maxBatch", b::maxBatch);
        r.intValue("replayMaxFrames", b::replayMaxFrames);
        r.longValue("replayMaxChars", b::replayMaxChars);
        r.longValue("replayGlobalMaxChars", b::replayGlobalMaxChars);
        r.intValue("maxSessions", b::maxSessions);
        r.intValue("maxSubscriptions", b::maxSubscriptions);
        r.booleanValue("allowMissingOrigin", b::allowMissingOrigin);
        r.booleanValue("webSocketEnabled", b::webSocketEnabled);
        r.longValue("sweepIntervalMillis", b::sweepIntervalMillis);
        r.intValue("flushThreads", b::flushThreads);
        r.longValue("slowConsumerMillis", b::slowConsumerMillis);
        r.intValue("maxInboundPerSecond", b::maxInboundPerSecond);
        r.intValue("maxPollsPerAddress", b::maxPollsPerAddress);
        r.intValue("maxBundle", b::maxBundle);
        r.longValue("bodyTimeoutMillis", b::bodyTimeoutMillis);
        r.longValue("stopRetryMinMillis", b::stopRetryMinMillis);
        r.longValue("stopRetryMaxMillis", b::stopRetryMaxMillis);
        r.longValue("stopGraceMillis", b::stopGraceMillis);
        String cluster = parameters.apply("cluster");
        if (cluster != null) {
            b.cluster(cluster);
        }
        String origins = parameters.apply("allowedOrigins");
        if (origins != null && !origins.isBlank()) {
            b.allowedOrigins(list(origins));
        }
        String attributes = parameters.apply("httpSessionAttributes");
        if (attributes != null && !attributes.isBlank()) {
            b.httpSessionAttributes(list(attributes));
        }
        String adminToken = parameters.apply("adminToken");
        if (adminToken != null) {
            b.adminToken(adminToken);
        }
        String adminRole = parameters.apply("adminRole");
        if (adminRole != null) {
            b.adminRole(adminRole);
        }
        return b.build();
    }

    private static String[] list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toArray(String[]::new);
    }

    /**
     * The names {@link #fromParameters} reads: every option that can be set from {@code web.xml}.
     *
     * @return every option's name
     */
    public static Set<String> parameterNames() {
        Set<String> names = new java.util.TreeSet<>();
        fromParameters(name -> {
            names.add(name);
            return null;
        });
        return java.util.Collections.unmodifiableSet(names);
    }

    /** Accumulates options; every setter returns the builder. */
    public static final class Builder {
        private long heartbeatMillis = 25_000;
        private long heartbeatTimeoutMillis = 20_000;
        private long pollTimeoutMillis = 25_000;
        private long resumeWindowMillis = 120_000;
        private int maxMessageChars = 65_536;
        private int maxPostBytes = 1 << 20;
        private int maxBatch = 100;
        private int replayMaxFrames = 1_000;
        private long replayMaxChars = 1 << 20;
        private long replayGlobalMaxChars = 256L << 20;
        private int maxSessions = 10_000;
        private int maxSubscriptions = 100;
        private Set<String> allowedOrigins = Set.of();
        private boolean allowMissingOrigin = true;
        private boolean webSocketEnabled = true;
        private long sweepIntervalMillis = 1_000;
        private int flushThreads = 2;
        private long slowConsumerMillis = 10_000;
        private int maxInboundPerSecond = 1_000;
        private int maxPollsPerAddress = 1_000;
        private int maxBundle = 16;
        private long bodyTimeoutMillis = 10_000;
        private long stopRetryMinMillis = 500;
        private long stopRetryMaxMillis = 5_000;
        private long stopGraceMillis = 2_000;
        private String cluster = "";
        private Set<String> httpSessionAttributes = Set.of();
        private String adminToken = "";
        private String adminRole = "";
        private Supplier<Scheduler> scheduler = () -> Scheduler.system("duplex-timer");

        private Builder() {
        }

        /**
         * See {@link DuplexOptions#heartbeatMillis()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder heartbeatMillis(long value) {
            heartbeatMillis = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#heartbeatTimeoutMillis()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder heartbeatTimeoutMillis(long value) {
            heartbeatTimeoutMillis = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#pollTimeoutMillis()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder pollTimeoutMillis(long value) {
            pollTimeoutMillis = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#resumeWindowMillis()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder resumeWindowMillis(long value) {
            resumeWindowMillis = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#maxMessageChars()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder maxMessageChars(int value) {
            maxMessageChars = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#maxPostBytes()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder maxPostBytes(int value) {
            maxPostBytes = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#maxBatch()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder maxBatch(int value) {
            maxBatch = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#replayMaxFrames()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder replayMaxFrames(int value) {
            replayMaxFrames = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#replayMaxChars()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder replayMaxChars(long value) {
            replayMaxChars = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#replayGlobalMaxChars()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder replayGlobalMaxChars(long value) {
            replayGlobalMaxChars = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#maxSessions()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder maxSessions(int value) {
            maxSessions = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#maxSubscriptions()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder maxSubscriptions(int value) {
            maxSubscriptions = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#allowedOrigins()}; each is {@code scheme://host[:port]}.
         *
         * @param origins the new value
         * @return this builder
         */
        public Builder allowedOrigins(String... origins) {
            allowedOrigins = new LinkedHashSet<>(Arrays.asList(origins));
            return this;
        }

        /**
         * See {@link DuplexOptions#allowMissingOrigin()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder allowMissingOrigin(boolean value) {
            allowMissingOrigin = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#webSocketEnabled()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder webSocketEnabled(boolean value) {
            webSocketEnabled = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#sweepIntervalMillis()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder sweepIntervalMillis(long value) {
            sweepIntervalMillis = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#flushThreads()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder flushThreads(int value) {
            flushThreads = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#slowConsumerMillis()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder slowConsumerMillis(long value) {
            slowConsumerMillis = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#maxInboundPerSecond()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder maxInboundPerSecond(int value) {
            maxInboundPerSecond = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#maxPollsPerAddress()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder maxPollsPerAddress(int value) {
            maxPollsPerAddress = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#maxBundle()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder maxBundle(int value) {
            maxBundle = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#cluster()}.
         *
         * @param uri the new value
         * @return this builder
         */
        public Builder cluster(String uri) {
            cluster = uri;
            return this;
        }

        /**
         * See {@link DuplexOptions#bodyTimeoutMillis()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder bodyTimeoutMillis(long value) {
            bodyTimeoutMillis = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#stopRetryMinMillis()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder stopRetryMinMillis(long value) {
            stopRetryMinMillis = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#stopRetryMaxMillis()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder stopRetryMaxMillis(long value) {
            stopRetryMaxMillis = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#stopGraceMillis()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder stopGraceMillis(long value) {
            stopGraceMillis = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#httpSessionAttributes()}.
         *
         * @param names the new value
         * @return this builder
         */
        public Builder httpSessionAttributes(String... names) {
            httpSessionAttributes = new LinkedHashSet<>(Arrays.asList(names));
            return this;
        }

        /**
         * See {@link DuplexOptions#adminToken()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder adminToken(String value) {
            adminToken = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#adminRole()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder adminRole(String value) {
            adminRole = value;
            return this;
        }

        /**
         * See {@link DuplexOptions#scheduler()}; the supplier is called once per hub.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder scheduler(Supplier<Scheduler> value) {
            scheduler = value;
            return this;
        }

        /**
         * The options.
         *
         * @return the options
         */
        public DuplexOptions build() {
            return new DuplexOptions(heartbeatMillis, heartbeatTimeoutMillis, pollTimeoutMillis,
                    resumeWindowMillis, maxMessageChars, maxPostBytes, maxBatch, replayMaxFrames, replayMaxChars,
                    replayGlobalMaxChars, maxSessions, maxSubscriptions, allowedOrigins, allowMissingOrigin,
                    webSocketEnabled, sweepIntervalMillis, flushThreads, slowConsumerMillis, maxInboundPerSecond,
                    maxPollsPerAddress, maxBundle, bodyTimeoutMillis, stopRetryMinMillis, stopRetryMaxMillis,
                    stopGraceMillis, cluster, httpSessionAttributes, adminToken, adminRole, scheduler);
        }
    }
}
