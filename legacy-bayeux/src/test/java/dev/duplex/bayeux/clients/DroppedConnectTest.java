package dev.duplex.bayeux.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.bayeux.testing.BayeuxServer;
import dev.duplex.bayeux.testing.ChatHandler;
import dev.duplex.bayeux.testing.NodeClient;
import dev.duplex.faultkit.FaultProxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.cometd.client.BayeuxClient;
import org.cometd.client.ext.AckExtension;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scenario 5, with cometd.js in Node and CometD's Java client: {@code /meta/connect} responses swallowed
 * after the server wrote them. Plain CometD loses the messages such a response carried unless the ack
 * extension is on; here both ways deliver every message once, in order: with the extension through its
 * batch acks, without it through the implicit ack (a connect without {@code advice.timeout:0} proves the
 * previous reply arrived).
 */
class DroppedConnectTest {
    private static final int COUNT = 40;
    private static final String ALL = IntStream.rangeClosed(1, COUNT).mapToObj(Integer::toString)
            .collect(Collectors.joining(","));

    private BayeuxServer server;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws Exception {
        server = new BayeuxServer(new ChatHandler());
        proxy = FaultProxy.start(server.port());
        proxy.dropResponses("/connect", 0.3, 7);
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        server.close();
    }

    @ParameterizedTest(name = "ack extension: {0}")
    @ValueSource(booleans = {false, true})
    void javaClientLosesNothing(boolean ack) throws Exception {
        HttpClient http = new HttpClient();
        http.start();
        BayeuxClient client = new BayeuxClient(proxy.origin() + "/cometd", new JettyHttpClientTransport(
                new HashMap<>(Map.of("maxNetworkDelay", 3000L)), http));
        client.setOption("backoffIncrement", 50L);
        if (ack) {
            client.addExtension(new AckExtension());
        }
        try {
            client.handshake();
            assertTrue(client.waitFor(5000, BayeuxClient.State.CONNECTED), "connected");
            List<Object> received = new CopyOnWriteArrayList<>();
            BlockingQueue<Boolean> replies = new LinkedBlockingQueue<>();
            client.getChannel("/feed/numbers").subscribe((channel, message) -> received.add(
                    ((Map<?, ?>) message.getData()).get("n")), reply -> replies.add(reply.isSuccessful()));
            assertEquals(Boolean.TRUE, replies.poll(10, TimeUnit.SECONDS), "subscribed");
            client.remoteCall("feed", Map.of("count", COUNT), reply -> replies.add(reply.isSuccessful()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!received.contains((long) COUNT) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300);
            assertEquals(ALL, received.stream().map(Object::toString).collect(Collectors.joining(",")));
            assertTrue(proxy.responsesDropped() >= 3, "the proxy dropped " + proxy.responsesDropped());
        } finally {
            client.disconnect(1000);
            http.stop();
        }
    }

    @ParameterizedTest(name = "ack extension: {0}")
    @ValueSource(booleans = {false, true})
    void cometdJsLosesNothing(boolean ack) throws Exception {
        List<String> trace = NodeClient.run(proxy.origin() + "/cometd", "long-polling", "feed", ack);
        assertEquals(List.of("handshake true long-polling", "received " + ALL), trace);
        assertTrue(proxy.responsesDropped() >= 3, "the proxy dropped " + proxy.responsesDropped() + " responses");
    }
}
