package dev.duplex.server.hub;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.CloseReason;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Handshake;
import dev.duplex.server.api.Hub;
import dev.duplex.server.api.Message;
import dev.duplex.server.api.Scheduler;
import dev.duplex.server.api.TransportKind;
import dev.duplex.server.cluster.Cluster;
import dev.duplex.server.metrics.HubMetrics;
import dev.duplex.server.metrics.SessionCensus;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.ProtocolException;
import dev.duplex.server.session.Outbox;
import dev.duplex.server.session.RemoteAnswer;
import dev.duplex.server.session.RemoteCall;
import dev.duplex.server.session.Session;
import dev.duplex.server.session.SessionHandoff;
import dev.duplex.server.session.SessionHost;
import dev.duplex.server.session.SessionIds;
import dev.duplex.server.session.SessionState;
import dev.duplex.server.session.TransportHost;
import dev.duplex.server.timer.TimerWheel;
import dev.duplex.server.topic.Broker;
import dev.duplex.server.topic.InMemoryBroker;
import dev.duplex.server.topic.TopicIndex;
import dev.duplex.server.topic.TopicNames;
import java.security.Principal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** The hub behind one mount. Thread-safe. */
public final class DefaultHub implements Hub, SessionHost, TransportHost {

    private final String path;
    private final DuplexOptions options;
    private final Scheduler scheduler;
    private final ExecutorService flushPool;
    private final SessionRegistry registry;
    private final TopicIndex topics = new TopicIndex();
    private final Broker broker;
    private final SessionIds ids = new SessionIds();
    private final Outbox.Limits limits;
    private final FrameDispatcher dispatcher;
    /** The handler's calls about a session's life, which must not throw into the hub. */
    private final GuardedHandler guarded;
    /** Null on a single node. */
    private final Cluster cluster;
    /** Null on a single node. */
    private final ClusterSessions clusterSessions;
    /** The name every response carries in {@code X-Duplex-Node}, or null. */
    private final String node;
    private final HubMetrics metrics;
    /** Every session's deadline, at the resolution of {@code sweepIntervalMillis}. */
    private final TimerWheel timers;
    private volatile boolean stopped;
    /** Set when a graceful stop begins: from then on every new request is refused with shutting_down. */
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final SessionHandoff handoff;

    /** A session just created by a handshake, with the token only its client will ever see. */
    public record NewSession(Session session, String token) { }

    public DefaultHub(String path, ChannelHandler handler, DuplexOptions options) {
        this(path, handler, options, new InMemoryBroker());
    }

    public DefaultHub(String path, ChannelHandler handler, DuplexOptions options, Broker broker) {
        this(path, handler, options, broker, null, null);
    }

    /**
     * A hub of one node of {@code cluster} (its broker is {@code cluster.broker()}), or of a single node when
     * {@code cluster} is null; {@code node} names this node in responses (the cluster's name wins), or is null.
     */
    public DefaultHub(String path, ChannelHandler handler, DuplexOptions options, Cluster cluster, String node) {
        this(path, handler, options, cluster == null ? new InMemoryBroker() : cluster.broker(), cluster, node);
    }

    private DefaultHub(String path, ChannelHandler handler, DuplexOptions options, Broker broker, Cluster cluster,
            String node) {
        this.path = path;
        Objects.requireNonNull(handler, "handler");
        this.options = options;
        this.scheduler = options.scheduler().get();
        this.timers = new TimerWheel(scheduler, options.sweepIntervalMillis());
        this.flushPool = Executors.newFixedThreadPool(options.flushThreads(),
                GracefulStop.daemonThreads("duplex-flush"));
        this.registry = new SessionRegistry(options.maxSessions());
        this.metrics = new HubMetrics(path, scheduler::nowMillis, this::census);
        this.limits = new Outbox.Limits(options.replayMaxFrames(), options.replayMaxChars(), new AtomicLong(),
                options.replayGlobalMaxChars(), metrics);
        this.broker = broker;
        this.dispatcher = new FrameDispatcher(this, handler, topics, broker);
        this.guarded = new GuardedHandler(handler, dispatcher);
        this.cluster = cluster;
        this.clusterSessions = cluster == null ? null
                : new ClusterSessions(this, cluster, registry, dispatcher, limits);
        this.node = cluster != null ? cluster.node() : node;
        // A cluster's hand-off (duplex-redis), else a broker that is one, else none.
        this.handoff = clusterSessions != null ? clusterSessions
                : broker instanceof SessionHandoff brokerHandoff ? brokerHandoff : SessionHandoff.NONE;
        broker.start(topics);
    }

    /**
     * Opens a session for a handshake.
     *
     * @throws ProtocolException {@code forbidden} if the handler refuses, {@code too_many_sessions} at the cap
     */
    public NewSession open(Handshake handshake) throws ProtocolException {
        return open(handshake, List.of());
    }

    /**
     * Opens a session for a handshake that offered subprotocols; the handler chooses one.
     *
     * @throws ProtocolException {@code forbidden} if the handler refuses, {@code unsupported_protocol} if it chooses
     *                           none of {@code offered}, {@code too_many_sessions} at the cap
     */
    public NewSession open(Handshake handshake, List<String> offered) throws ProtocolException {
        authorize(handshake);
        String protocol = selectProtocol(offered);
        if (!offered.isEmpty() && protocol.isEmpty()) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_PROTOCOL,
                    "the server speaks none of the subprotocols offered");
        }
        if (stopped || !registry.reserve()) {
            throw new ProtocolException(ErrorCode.TOO_MANY_SESSIONS, "the server has too many sessions");
        }
        String token = ids.newToken();
        // In a cluster the id names the node that holds the session, so any node can find it without asking.
        String id = cluster == null ? ids.newId() : cluster.node() + "." + ids.newId();
        Session session = new Session(id, token, handshake, protocol, this, limits);
        registry.add(session);
        metrics.handshake();
        // The handler hears of it when its first transport attaches (opened), so onOpen can see the transport.
        return new NewSession(session, token);
    }

    /**
     * The session a request names, if its token matches and its principal is the session's.
     *
     * @throws ProtocolException {@code unknown_session} or {@code forbidden}
     */
    @Override
    public Session resolve(String sid, String token, Principal principal) throws ProtocolException {
        Optional<Session> found = registry.find(sid).filter(s -> s.tokenMatches(token));
        if (found.isEmpty()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_SESSION, "no such session");
        }
        Principal owner = found.get().handshake().principal();
        if (owner != null && (principal == null || !owner.getName().equals(principal.getName()))) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "the session belongs to another user");
        }
        return found.get();
    }

    /**
     * Asks the handler whether this request may open, resume or switch a session.
     *
     * @throws ProtocolException {@code forbidden} if not
     */
    @Override
    public void authorize(Handshake handshake) throws ProtocolException {
        guarded.authorize(handshake);
    }

    /**
     * Stops gracefully (PROTOCOL.md section 5, "A node that stops"): from now on {@link #stopping()} is true, so
     * the mount refuses new requests; a cluster's {@link SessionHandoff} ({@link #sessionHandoff()}) may take
     * sessions elsewhere; every client is told {@code away} with its own advised delay; then the sessions the
     * hand-off took end without telling the handler, and the rest close as in {@link #shutdown()}. Each wait is
     * bounded by {@code stopGraceMillis}. Only the first call stops; a later one returns at once.
     */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        GracefulStop.run(handoff, List.copyOf(registry.all()), options.stopGraceMillis(), this::stopRetryMillis);
        shutdown();
    }

    /** Whether a graceful stop has begun: new requests are refused with {@code 503 shutting_down}. */
    public boolean stopping() {
        return stopping.get() || stopped;
    }

    /**
     * When a client should come back, in ms, advised while this node stops: drawn uniformly from
     * {@code [stopRetryMinMillis, stopRetryMaxMillis]}, so clients spread their return.
     */
    public long stopRetryMillis() {
        return ThreadLocalRandom.current().nextLong(options.stopRetryMinMillis(), options.stopRetryMaxMillis() + 1);
    }

    @Override
    public String selectProtocol(List<String> offered) {
        return guarded.selectProtocol(offered);
    }

    /** Closes every session with {@link CloseReason#SHUTDOWN} and stops the hub's threads. */
    public void shutdown() {
        if (stopped) {
            return;
        }
        stopped = true;
        for (Session session : List.copyOf(registry.all())) {
            session.finish(CloseReason.SHUTDOWN);
        }
        timers.close();
        flushPool.shutdown();
        scheduler.close();
        if (cluster != null) {
            cluster.close();
        } else {
            broker.close();
        }
    }

    /** This node's name for {@code X-Duplex-Node}, or null when none is configured. */
    public String node() {
        return node;
    }

    /** The mount's cluster, or null on a single node. */
    public Cluster cluster() {
        return cluster;
    }

    /**
     * What a stopping node does with its sessions (STOP-CONTRACT): in a cluster, hands them off as snapshots;
     * on a single node, nothing.
     */
    public SessionHandoff sessionHandoff() {
        return handoff;
    }

    /** This node's sessions as the cluster serves them to the other nodes; {@code serve} runs long-polling calls. */
    public Cluster.Local clusterLocal(BiConsumer<RemoteCall, Consumer<RemoteAnswer>> serve) {
        return clusterSessions.local(serve);
    }

    // ---- TransportHost, in a cluster ----

    @Override
    public boolean elsewhere(String sid) {
        return cluster != null && sid != null && registry.find(sid).isEmpty();
    }

    @Override
    public CompletionStage<RemoteAnswer> forward(RemoteCall call) {
        return cluster == null ? TransportHost.super.forward(call) : cluster.forward(call);
    }

    @Override
    public CompletionStage<Boolean> fetch(String sid, String token, Principal principal) {
        return cluster == null ? TransportHost.super.fetch(sid, token, principal)
                : cluster.fetch(sid, token, principal == null ? null : principal.getName());
    }

    // ---- Hub ----

    @Override
    public String path() {
        return path;
    }

    @Override
    public DuplexOptions options() {
        return options;
    }

    @Override
    public void publish(String topic, Message message) {
        broker.publish(TopicNames.require(topic), message.wire());
    }

    /**
     * Subscribes a session to a wildcard ({@link dev.duplex.server.topic.TopicPattern}, e.g. {@code chat/*}), for
     * front doors whose protocol has them (Bayeux): asks {@link ChannelHandler#authorizeSubscribePattern}, never
     * {@code authorizeSubscribe}. Runs on the caller's thread; the caller keeps it in order with the session's
     * other frames. With a cluster broker, a pattern subscriber gets only the topics this node subscribed to.
     *
     * @throws ProtocolException {@code invalid_topic}, {@code too_many_subscriptions} or {@code forbidden}
     */
    public void subscribePattern(Session session, String pattern) throws ProtocolException {
        dispatcher.subscribePattern(session, pattern);
    }

    /** Ends a wildcard subscription; returns whether there was one. */
    public boolean unsubscribePattern(Session session, String pattern) {
        return dispatcher.unsubscribePattern(session, pattern);
    }

    @Override
    public Optional<Channel> channel(String id) {
        return registry.find(id).filter(Session::isOpen).map(Channel.class::cast);
    }

    @Override
    public int channelCount() {
        return registry.size();
    }

    @Override
    public CompletionStage<Boolean> send(String channelId, Message message) {
        Optional<Session> local = registry.find(channelId).filter(Session::isOpen);
        if (local.isPresent() || cluster == null || channelId == null) {
            local.ifPresent(session -> session.send(message));
            return CompletableFuture.completedFuture(local.isPresent());
        }
        return clusterSessions.send(channelId, message.wire());
    }

    @Override
    public CompletionStage<Set<String>> clusterChannelIds() {
        return cluster == null ? CompletableFuture.completedFuture(registry.openIds()) : cluster.channelIds();
    }

    @Override
    public HubMetrics metrics() {
        return metrics;
    }

    /** Every session now, for the admin view. */
    public List<Session> sessions() {
        return List.copyOf(registry.all());
    }

    private void census(SessionCensus census) {
        for (Session session : registry.all()) {
            census.add(session.transport(), session.state() == SessionState.CLOSING, session.outbox().chars(),
                    session.outbox().size());
        }
    }

    // ---- SessionHost ----

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public TimerWheel timers() {
        return timers;
    }

    @Override
    public ExecutorService flushExecutor() {
        return flushPool;
    }

    @Override
    public Hub hub() {
        return this;
    }

    @Override
    public void dispatch(Session session, Frame.Sequenced frame) {
        dispatcher.dispatch(session, frame);
    }

    @Override
    public void subscribe(Session session, String topic) {
        dispatcher.subscribe(session, TopicNames.require(topic));
    }

    @Override
    public void unsubscribe(Session session, String topic) {
        dispatcher.unsubscribe(session, topic);
    }

    @Override
    public void opened(Session session) {
        guarded.opened(session);
    }

    @Override
    public void transportChanged(Session session, TransportKind from, TransportKind to, String reason) {
        metrics.transportChanged(session.trail(), session.id(), from, to, reason);
        guarded.transportChanged(session, from, to, reason);
    }

    @Override
    public void sendMoved(Session session, Message message) {
        if (clusterSessions != null) {
            clusterSessions.sendMoved(session, message);
        }
    }

    @Override
    public void closed(Session session, CloseReason reason) {
        registry.remove(session);
        if (cluster != null) {
            cluster.closed(session.id());
        }
        if (CloseReason.EXPIRED.equals(reason)) {
            metrics.expired(session.id());
        }
        guarded.closed(session, reason);
    }
}
