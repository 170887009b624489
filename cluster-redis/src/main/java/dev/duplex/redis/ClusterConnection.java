package dev.duplex.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The Redis side of one node of a {@link RedisCluster}: a command connection (pipelined, asynchronous), a
 * pub/sub connection for the node's channel, a timer and a small pool where everything that reaches the
 * application runs (never on Lettuce's I/O threads).
 */
final class ClusterConnection implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClusterConnection.class.getName());

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final StatefulRedisPubSubConnection<String, String> pubSub;
    private final ScheduledExecutorService timer;
    private final ExecutorService work;
    /** One thread each: the requests for one session run in the order they were published. */
    private final ExecutorService[] stripes = new ExecutorService[4];
    private final AtomicBoolean failing = new AtomicBoolean();

    /** Connects to Redis at {@code uri}; fails if it cannot be reached now. */
    ClusterConnection(URI uri, Duration commandTimeout, String name) {
        this.resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        this.client = RedisClient.create(resources, RedisURI.create(uri));
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout)).build());
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("duplex-cluster-timer" + name));
        this.work = Executors.newFixedThreadPool(4, daemon("duplex-cluster" + name));
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = Executors.newSingleThreadExecutor(daemon("duplex-cluster-inbox" + name));
        }
        try {
            this.connection = client.connect();
            this.pubSub = client.connectPubSub();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    RedisAsyncCommands<String, String> commands() {
        return connection.async();
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    ExecutorService work() {
        return work;
    }

    /** The thread for requests about {@code key} (a session id): one key's requests run in order. */
    ExecutorService stripe(String key) {
        return stripes[Math.floorMod(key == null ? 0 : key.hashCode(), stripes.length)];
    }

    /**
     * Subscribes to {@code channel}; each message goes to {@code onMessage} on Lettuce's thread, in the order
     * published, to be handed on at once.
     */
    void listen(String channel, Consumer<String> onMessage) {
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
                if (from.equals(channel)) {
                    onMessage.accept(message);
                }
            }
        });
        pubSub.sync().subscribe(channel);
    }

    /** Logs the first failure of an outage and the recovery, not every failed command between. */
    void outcome(String what, Throwable failure) {
        if (failure != null && failing.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "Redis failed: " + what + " (" + failure + "); cross-node requests fail until"
                    + " it recovers, and this node's sessions may look gone to the others");
        } else if (failure == null && failing.compareAndSet(true, false)) {
            LOG.log(Level.INFO, "Redis works again: " + what);
        }
    }

    /**
     * Says goodbye: the node's heartbeat goes at once, so the others stop asking it, with a note that it has been
     * missing since ever ({@code missingKey} set to 0), so they take it for gone at once rather than wait to tell a
     * death from a heartbeat Redis lost.
     */
    void leave(String aliveKey, String missingKey, long missingTtlMillis, String nodesKey, String node) {
        try {
            commands().set(missingKey, "0", SetArgs.Builder.px(missingTtlMillis)).get(1, TimeUnit.SECONDS);
            commands().del(aliveKey).get(1, TimeUnit.SECONDS);
            commands().srem(nodesKey, node).get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "could not say goodbye to Redis; the heartbeat expires by itself", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        work.shutdownNow();
        for (ExecutorService stripe : stripes) {
            stripe.shutdownNow();
        }
        try {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
