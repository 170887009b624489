package dev.duplex.redis;

import dev.duplex.server.topic.Broker;
import dev.duplex.server.topic.StreamMark;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cluster-wide topics over Redis 7: every node of a mount subscribes to the topics it has local subscribers
 * for, and every publish, from any node, reaches them all in one order.
 *
 * <p>A publish is one Lua script ({@code EVAL}, one round trip) that numbers it with the topic's next offset,
 * names the stream's epoch, appends it to a short history and {@code PUBLISH}es it, atomically. Each node checks
 * that offsets arrive one after another ({@link TopicStream}); after any reconnect it reads the position and the
 * history it missed and fills the hole, or, when it cannot (Redis restarted empty, history trimmed), tells the
 * local subscribers with a {@code reset} naming the topic. A publish that fails (Redis down or too slow) is
 * logged and announced the same way to this node's subscribers. Nothing is lost in silence.
 *
 * <p>Order: publishes from one thread reach every subscriber in the order they were made (they share one
 * pipelined connection); all subscribers of a topic see the same order. Thread-safe.
 */
public final class RedisBroker implements Broker {
    private static final System.Logger LOG = System.getLogger(RedisBroker.class.getName());
    private static final LuaScript PUBLISH = LuaScript.load("publish.lua", ScriptOutputType.INTEGER);
    private static final LuaScript POSITION = LuaScript.load("position.lua", ScriptOutputType.MULTI);

    private final RedisOptions options;
    private final Keys keys;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisPubSubConnection<String, String> pubSub;
    private final RedisAsyncCommands<String, String> redis;
    /** Every stream's state is touched on this one thread only, in the order events arrived. */
    private final ScheduledExecutorService serial;
    private final Map<String, TopicStream> streams = new HashMap<>();
    /** Per subscribed topic, completed once Redis confirmed the subscription (or it failed: then a gap). */
    private final Map<String, CompletableFuture<Void>> live = new ConcurrentHashMap<>();
    private final AtomicBoolean publishFailing = new AtomicBoolean();
    private final AtomicLong positionReads = new AtomicLong();
    private volatile Listener listener;
    private volatile boolean closed;

    /**
     * Connects to Redis at {@code uri} (e.g. {@code redis://127.0.0.1:6379}, {@code rediss://…} for TLS, with
     * user and password in the URI if needed).
     *
     * @param uri       the Redis server
     * @param namespace keeps mounts apart on one Redis: the same on every node of one mount, e.g. {@code /chat}
     * @param options   history, timeouts and reconnects
     * @throws io.lettuce.core.RedisConnectionException if Redis cannot be reached now
     */
    public RedisBroker(URI uri, String namespace, RedisOptions options) {
        this.options = options;
        this.keys = new Keys(namespace);
        this.resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), options.reconnectDelay(), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, RedisURI.create(uri));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // Fail at once while disconnected, rather than queue publishes that would run at some later
                // moment: the failure is announced now, as a gap, and the publisher's order stays meaningful.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
                .build());
        this.serial = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "duplex-redis" + namespace);
            thread.setDaemon(true);
            return thread;
        });
        try {
            this.commands = client.connect();
            this.redis = commands.async();
            this.pubSub = client.connectPubSub();
        } catch (RuntimeException e) {
            shutdownClient();
            throw e;
        }
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                onMessage(channel, message);
            }

            @Override
            public void subscribed(String channel, long count) {
                // Also after every reconnect, when Lettuce subscribes again: the moment to look for a gap.
                onSubscribed(channel);
            }
        });
    }

    /**
     * A broker with the default {@link RedisOptions}.
     *
     * @param uri       the Redis server
     * @param namespace keeps mounts apart on one Redis: the same on every node of one mount
     */
    public RedisBroker(URI uri, String namespace) {
        this(uri, namespace, RedisOptions.defaults());
    }

    /** Runs {@code task} on the serial thread; after {@link #close()} (late Redis callbacks) it is dropped. */
    private void onSerial(Runnable task) {
        try {
            serial.execute(task);
        } catch (RejectedExecutionException e) {
            if (!closed) {
                throw e;
            }
        }
    }

    @Override
    public void start(Listener target) {
        this.listener = target;
    }

    @Override
    public void subscribe(String topic) {
        live.computeIfAbsent(topic, t -> new CompletableFuture<>());
        onSerial(() -> {
            if (!streams.containsKey(topic)) {
                streams.put(topic, new TopicStream(new StreamSink(topic)));
                subscribeChannel(topic);
            }
        });
    }

    private void subscribeChannel(String topic) {
        pubSub.async().subscribe(keys.channel(topic)).whenComplete((ok, failure) -> {
            // Live either way: subscribed, or the failure below is announced to the subscribers as a gap.
            CompletableFuture<Void> subscribed = live.get(topic);
            if (subscribed != null) {
                subscribed.complete(null);
            }
            if (failure != null && !closed) {
                // Not subscribed: this node's subscribers may miss publishes until it is. Say so, and try again.
                LOG.log(Level.WARNING, "Redis subscribe to topic " + topic + " failed (" + failure
                        + "); its local subscribers get a reset, and the subscribe is retried");
                onSerial(() -> gap(topic));
                serial.schedule(() -> {
                    if (streams.containsKey(topic)) {
                        subscribeChannel(topic);
                    }
                }, options.reconnectDelay().toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    @Override
    public CompletionStage<Void> live(String topic) {
        CompletableFuture<Void> subscribed = live.get(topic);
        return subscribed != null ? subscribed : CompletableFuture.completedFuture(null);
    }

    @Override
    public void unsubscribe(String topic) {
        CompletableFuture<Void> subscribed = live.remove(topic);
        if (subscribed != null) {
            subscribed.complete(null);
        }
        onSerial(() -> {
            if (streams.remove(topic) != null) {
                pubSub.async().unsubscribe(keys.channel(topic));
            }
        });
    }

    @Override
    public void publish(String topic, String payloadJson) {
        if (closed) {
            return;
        }
        String[] topicKeys = {keys.meta(topic), keys.history(topic)};
        PUBLISH.runInOrder(redis, topicKeys, keys.channel(topic), payloadJson, Integer.toString(options.historySize()),
                Long.toString(options.historyTtl().toSeconds()), Long.toString(options.streamTtl().toSeconds()))
                .whenComplete((offset, failure) -> {
                    if (failure == null) {
                        if (publishFailing.compareAndSet(true, false)) {
                            LOG.log(Level.INFO, "Redis takes topic publishes again");
                        }
                    } else if (!closed) {
                        publishFailed(topic, failure);
                    }
                });
    }

    private void publishFailed(String topic, Throwable failure) {
        if (publishFailing.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "Redis refused or timed out a topic publish (" + failure + "); until it "
                    + "recovers, topic publishes fail and each is announced to this node's subscribers as a reset");
        }
        onSerial(() -> gap(topic));
    }

    private void onSubscribed(String channel) {
        String topic = keys.topicOf(channel);
        if (topic != null) {
            onSerial(() -> {
                TopicStream stream = streams.get(topic);
                if (stream != null) {
                    stream.subscribed();
                }
            });
        }
    }

    private void onMessage(String channel, String message) {
        String topic = keys.topicOf(channel);
        if (topic == null) {
            return;
        }
        Publication publication;
        try {
            publication = Publication.parse(message);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "ignored a message on " + channel + " that no Duplex node published");
            return;
        }
        onSerial(() -> {
            TopicStream stream = streams.get(topic);
            if (stream != null) {
                stream.message(publication);
            }
        });
    }

    private void gap(String topic) {
        Listener target = listener;
        if (target != null && streams.containsKey(topic)) {
            target.onGap(topic);
        }
    }

    /** Runs on the serial thread: the stream of one topic, wired to the hub and to Redis. */
    private final class StreamSink implements TopicStream.Sink {
        private final String topic;

        StreamSink(String topic) {
            this.topic = topic;
        }

        @Override
        public void deliver(Publication publication) {
            Listener target = listener;
            if (target != null) {
                target.onPublish(topic, publication.payload(), publication.mark());
            }
        }

        @Override
        public void positioned(String epoch, long offset) {
            Listener target = listener;
            if (target != null) {
                target.onPosition(topic, new StreamMark(epoch, offset));
            }
        }

        @Override
        public void gap() {
            LOG.log(Level.INFO, "topic " + topic + ": publications may have been missed; local subscribers get a"
                    + " reset");
            RedisBroker.this.gap(topic);
        }

        @Override
        public void requestPosition(long generation, long since) {
            positionReads.incrementAndGet();
            String[] topicKeys = {keys.meta(topic), keys.history(topic)};
            POSITION.<List<Object>>run(redis, topicKeys, Long.toString(since)).whenComplete((reply, failure) ->
                    onSerial(() -> answer(generation, reply, failure)));
        }

        private void answer(long generation, List<Object> reply, Throwable failure) {
            TopicStream stream = streams.get(topic);
            if (stream == null || closed) {
                return;
            }
            if (failure == null) {
                stream.position(generation, position(reply));
            } else if (stream.stillSyncing(generation)) {
                LOG.log(Level.WARNING, "Redis position of topic " + topic + " failed (" + failure + "); retrying");
                serial.schedule(() -> {
                    TopicStream current = streams.get(topic);
                    if (current == stream && stream.stillSyncing(generation)) {
                        stream.subscribed();
                    }
                }, options.reconnectDelay().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private static TopicStream.Position position(List<Object> reply) {
        String epoch = (String) reply.get(0);
        long offset = reply.get(1) instanceof Long l ? l : 0;
        List<Publication> history = new ArrayList<>();
        if (reply.get(2) instanceof List<?> messages) {
            for (Object message : messages) {
                history.add(Publication.parse((String) message));
            }
        }
        return new TopicStream.Position(epoch, offset, history);
    }

    /** One read of the history after {@code mark} ({@code position.lua}), for a session that moved here. */
    @Override
    public CompletionStage<History> since(String topic, StreamMark mark) {
        positionReads.incrementAndGet();
        String[] topicKeys = {keys.meta(topic), keys.history(topic)};
        // Taken on the serial thread, off Redis's I/O thread: the subscriber's deliveries happen there.
        return POSITION.<List<Object>>run(redis, topicKeys, Long.toString(mark.offset())).thenApplyAsync(reply -> {
            TopicStream.Position position = position(reply);
            List<Marked> publishes = new ArrayList<>();
            for (Publication publication : position.history()) {
                publishes.add(new Marked(publication.mark(), publication.payload()));
            }
            return new History(position.epoch(), position.offset(), publishes);
        }, this::onSerial);
    }

    /** How often a topic's position was read: once per (re)subscription or hole (for tests and metrics). */
    long positionReads() {
        return positionReads.get();
    }

    @Override
    public void close() {
        closed = true;
        live.values().forEach(subscribed -> subscribed.complete(null));
        serial.shutdownNow();
        shutdownClient();
    }

    private void shutdownClient() {
        try {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
