package dev.duplex.bayeux.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.bayeux.testing.BayeuxServer;
import dev.duplex.bayeux.testing.ChatHandler;
import jakarta.websocket.ContainerProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.cometd.client.websocket.jakarta.WebSocketTransport;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * CometD 9's Java {@code BayeuxClient} against the Duplex front door, on long-polling
 * ({@code cometd-java-client-http-jetty}) and on WebSocket ({@code cometd-java-client-websocket-jakarta} with
 * Jetty's Jakarta WebSocket client).
 */
class JavaClientTest {
    /** The client transports under test. */
    enum Transport {
        LONG_POLLING("long-polling"),
        WEBSOCKET("websocket");

        final String wireName;

        Transport(String wireName) {
            this.wireName = wireName;
        }
    }

    private final ChatHandler handler = new ChatHandler();
    private BayeuxServer server;
    private HttpClient http;
    private BayeuxClient client;

    @BeforeEach
    void start() throws Exception {
        server = new BayeuxServer(handler);
        http = new HttpClient();
        http.start();
    }

    private void connect(Transport transport) {
        client = new BayeuxClient(server.bayeuxUrl(), transport == Transport.WEBSOCKET
                ? new WebSocketTransport(null, null, ContainerProvider.getWebSocketContainer())
                : new JettyHttpClientTransport(null, http));
        client.handshake();
        assertTrue(client.waitFor(5000, BayeuxClient.State.CONNECTED), "connected");
        assertEquals(transport.wireName, client.getTransport().getName());
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.disconnect(1000);
        }
        http.stop();
        server.close();
    }

    private <T> T take(BlockingQueue<T> queue) throws InterruptedException {
        T item = queue.poll(5, TimeUnit.SECONDS);
        if (item == null) {
            throw new AssertionError("nothing arrived within 5 s; handler saw " + handler.events);
        }
        return item;
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void wholeLifecycle(Transport transport) throws Exception {
        connect(transport);
        assertEquals(1, server.hub().channelCount(), "one Bayeux client is one channel");

        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        BlockingQueue<Boolean> replies = new LinkedBlockingQueue<>();
        ClientSessionChannel lobby = client.getChannel("/chat/lobby");
        ClientSessionChannel.MessageListener listener = (channel, message) -> received.add(message.getData());
        lobby.subscribe(listener, reply -> replies.add(reply.isSuccessful()));
        assertTrue(take(replies), "subscribe succeeded");
        assertTrue(handler.events.contains("subscribe chat/lobby"), "the handler saw the subscribe");

        lobby.publish(Map.of("text", "hello"), reply -> replies.add(reply.isSuccessful()));
        assertTrue(take(replies), "publish succeeded");
        assertEquals(Map.of("text", "hello"), take(received), "own publish comes back, as in CometD");

        server.hub().publish("chat/lobby", dev.duplex.server.api.Message.json("{\"text\":\"from the server\"}"));
        assertEquals(Map.of("text", "from the server"), take(received));

        lobby.unsubscribe(listener, reply -> replies.add(reply.isSuccessful()));
        assertTrue(take(replies), "unsubscribe succeeded");
        server.hub().publish("chat/lobby", dev.duplex.server.api.Message.json("{\"text\":\"after unsubscribe\"}"));

        assertTrue(client.disconnect(5000), "disconnected");
        assertEquals(0, server.hub().channelCount(), "the channel closed");
        assertTrue(received.isEmpty(), "nothing after unsubscribe: " + received);
        assertTrue(handler.events.contains("unsubscribe chat/lobby"), handler.events.toString());
        assertTrue(handler.events.contains("close closed by client"), handler.events.toString());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void refusedSubscriptionIsABayeuxError(Transport transport) throws Exception {
        connect(transport);
        BlockingQueue<Message> replies = new LinkedBlockingQueue<>();
        client.getChannel("/private/room").subscribe((channel, message) -> { }, replies::add);
        Message reply = take(replies);
        assertFalse(reply.isSuccessful());
        assertEquals("403::subscription refused", reply.get("error"));
    }

    /** Scenario 7: {@code /**} is refused (the handler allows patterns below chat/ only); /chat/* is matched. */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void wildcardsDeniedByDefaultAllowedByTheAuthorizer(Transport transport) throws Exception {
        connect(transport);
        BlockingQueue<Message> replies = new LinkedBlockingQueue<>();
        client.getChannel("/**").subscribe((channel, message) -> { }, replies::add);
        Message refused = take(replies);
        assertFalse(refused.isSuccessful());
        assertEquals("403::subscription refused", refused.get("error"));

        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        client.getChannel("/chat/*").subscribe((channel, message) -> received.add(message.getChannel()),
                replies::add);
        assertTrue(take(replies).isSuccessful(), "/chat/* allowed");
        for (String topic : List.of("chat/a", "chat/a/b", "other", "chat/c")) {
            server.hub().publish(topic, dev.duplex.server.api.Message.json("{}"));
        }
        assertEquals("/chat/a", take(received));
        assertEquals("/chat/c", take(received), "/chat/a/b is two segments down, /other elsewhere");
        assertNull(received.poll(300, TimeUnit.MILLISECONDS));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void remoteCallIsAnsweredOrRefused(Transport transport) throws Exception {
        connect(transport);
        BlockingQueue<Message> replies = new LinkedBlockingQueue<>();

        client.remoteCall("echo", Map.of("n", 1), replies::add);
        Message echo = take(replies);
        assertTrue(echo.isSuccessful(), echo.toString());
        assertEquals(Map.of("n", 1L), echo.getData());

        client.remoteCall("refuse", List.of(), replies::add);
        Message refused = take(replies);
        assertFalse(refused.isSuccessful(), refused.toString());
        assertEquals("403::not for you", refused.get("error"));

        // CometD's Java client has no remoteCall timeout (cometd.js has one: see CometdJsTest). An unanswered
        // call gets nothing, and later calls on the same client are still matched to their own replies.
        client.remoteCall("silent", "hi", replies::add);
        client.remoteCall("echo", "after", replies::add);
        Message after = take(replies);
        assertEquals("after", after.getData());
        assertNull(replies.poll(500, TimeUnit.MILLISECONDS), "the silent call stays unanswered");
    }
}
