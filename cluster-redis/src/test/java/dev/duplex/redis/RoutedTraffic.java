package dev.duplex.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.Hub;
import dev.duplex.server.api.Message;
import dev.duplex.server.testing.DeliveryOracle;
import dev.duplex.server.testing.OracleTraffic;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.WireClient;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two-way numbered traffic on any number of sessions spread over the nodes of a cluster, judged by one
 * {@link OracleTraffic} per session: one handler, mounted on every node, records each client message in its
 * session's oracle (whichever node runs it) and echoes it; the server's own messages go through
 * {@link Hub#send(String, Message)} of any node.
 */
final class RoutedTraffic extends RecordingHandler {
    private final Map<String, OracleTraffic> sessions = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> serverSent = new ConcurrentHashMap<>();

    /** Judges {@code client}'s session, which has shaken hands, from now on. */
    OracleTraffic judge(WireClient client) {
        OracleTraffic traffic = new OracleTraffic();
        traffic.attach(client);
        sessions.put(client.sid(), traffic);
        serverSent.put(client.sid(), new AtomicLong());
        return traffic;
    }

    @Override
    public void onMessage(Channel channel, Message message) {
        OracleTraffic traffic = sessions.get(channel.id());
        if (traffic != null) {
            traffic.toServer.received(message.json());
        }
        super.onMessage(channel, message);
    }

    /** The client sends its next message, and the server its next one through {@code hub}, wherever it is. */
    void exchange(WireClient client, Hub hub) throws Exception {
        clientSends(client);
        assertTrue(serverSends(client, hub).get(10, TimeUnit.SECONDS), "Hub.send found the channel");
    }

    /** The client sends its next message (on its own thread). */
    void clientSends(WireClient client) {
        sessions.get(client.sid()).clientSends();
    }

    /** The server sends its next message to {@code client} through {@code hub}; completes as Hub.send does. */
    CompletableFuture<Boolean> serverSends(WireClient client, Hub hub) {
        return hub.send(client.sid(), Message.json(nextServerPayload(client))).toCompletableFuture();
    }

    /** The server sends its next message to {@code client} on {@code channel}, the application's handle. */
    void serverSends(WireClient client, Channel channel) {
        channel.send(Message.json(nextServerPayload(client)));
    }

    private String nextServerPayload(WireClient client) {
        return sessions.get(client.sid()).toClient.sent(OracleTraffic.SERVER,
                serverSent.get(client.sid()).incrementAndGet());
    }

    /**
     * Publish {@code n} of this test's topic, as the message to publish: each of {@code subscribers} is owed it,
     * and its delivery oracle judges it with the rest (producer {@code "topic"}).
     */
    Message topicPublish(long n, WireClient... subscribers) {
        String payload = DeliveryOracle.payload("topic", n);
        for (WireClient subscriber : subscribers) {
            sessions.get(subscriber.sid()).toClient.sent("topic", n);
        }
        return Message.json(payload);
    }

    /** Waits until both directions of {@code client}'s session are complete, and asserts them clean. */
    void awaitClean(WireClient client, String context) throws InterruptedException {
        sessions.get(client.sid()).awaitCleanDelivery(context);
    }
}
