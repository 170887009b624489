package dev.duplex.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Message;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Topics over both transports: subscribe, publish, unsubscribe, authorization, caps, order. */
class TopicContractTest {
    private final RecordingHandler handler = new RecordingHandler() {
        @Override
        public boolean authorizeSubscribe(Channel channel, String topic) {
            return !topic.startsWith("private");
        }

        @Override
        public boolean authorizePublish(Channel channel, String topic, Message message) {
            return !topic.startsWith("readonly");
        }
    };
    private TestServer server;
    private WireClient client;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(handler, DuplexOptions.builder().maxSubscriptions(3).build());
        client = new WireClient(server.mountUri(), server.origin());
        client.handshake();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    private long subscribe(String topic) {
        return client.sendSequenced(seq -> new Frame.Sub(seq, topic));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void subscribePublishReceiveAndUnsubscribe(Transport transport) throws Exception {
        transport.start(client);
        long ref = subscribe("news/world");
        Frame.SubAck ack = (Frame.SubAck) client.next(10);
        assertEquals(new Frame.SubAck(ack.seq(), ref, "news/world"), ack);
        client.sendSequenced(seq -> new Frame.Pub(seq, "news/world", "{\"h\":\"from a client\"}"));
        Frame.Msg fromClient = nextMsg();
        assertEquals("news/world", fromClient.topic());
        assertEquals("{\"h\":\"from a client\"}", fromClient.d());
        server.hub().publish("news/world", Message.text("from the server"));
        Frame.Msg fromServer = nextMsg();
        assertEquals("news/world", fromServer.topic());
        assertEquals("\"from the server\"", fromServer.d());
        client.sendSequenced(seq -> new Frame.Unsub(seq, "news/world"));
        assertTrue(client.next(10) instanceof Frame.UnsubAck);
        server.hub().publish("news/world", Message.text("after unsubscribe"));
        client.send("\"marker\"");
        assertEquals("\"marker\"", nextMsg().d(), "nothing published after unsubscribing arrived first");
    }

    private Frame.Msg nextMsg() throws InterruptedException {
        return (Frame.Msg) client.next(10);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void refusalsAreTypedErrorsAndTheSessionGoesOn(Transport transport) throws Exception {
        transport.start(client);
        long denied = subscribe("private/payroll");
        assertEquals(new Frame.Error(1, denied, "forbidden", "subscription refused"), client.next(10));
        long invalid = subscribe("../private/payroll");
        assertEquals("invalid_topic", ((Frame.Error) client.next(10)).code());
        long readonly = client.sendSequenced(seq -> new Frame.Pub(seq, "readonly/feed", "1"));
        Frame.Error refused = (Frame.Error) client.next(10);
        assertEquals(readonly, refused.ref());
        assertEquals("forbidden", refused.code());
        for (String topic : List.of("a", "b", "c")) {
            subscribe(topic);
            assertTrue(client.next(10) instanceof Frame.SubAck);
        }
        long overCap = subscribe("d");
        Frame.Error cap = (Frame.Error) client.next(10);
        assertEquals(overCap, cap.ref());
        assertEquals("too_many_subscriptions", cap.code());
        assertTrue(invalid > denied);
        for (String lookAlike : List.of("*", "a/*", "a/#", "a//b", "/a", "a/", "x".repeat(129), "caf\u00e9")) {
            subscribe(lookAlike);
            assertEquals("invalid_topic", ((Frame.Error) client.next(10)).code(), lookAlike);
        }
    }

    @Test
    void perTopicOrderHoldsForEverySubscriberAcrossTransportSwitches() throws Exception {
        WireClient other = new WireClient(server.mountUri(), server.origin());
        other.handshake();
        other.startWebSocket();
        client.startLongPolling();
        subscribe("prices");
        other.sendSequenced(seq -> new Frame.Sub(seq, "prices"));
        client.next(10);
        other.next(10);
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            published.add(Integer.toString(i));
            server.hub().publish("prices", Message.json(Integer.toString(i)));
            if (i == 100) {
                client.startWebSocket();
            } else if (i == 200) {
                client.abortWebSocket();
                client.startLongPolling();
            }
        }
        for (WireClient subscriber : List.of(client, other)) {
            List<String> got = new ArrayList<>();
            while (got.size() < published.size()) {
                got.add(((Frame.Msg) subscriber.next(10)).d());
            }
            assertEquals(published, got);
        }
        assertEquals(java.util.Set.of("prices"), server.hub().channel(client.sid()).orElseThrow().topics(),
                "the subscription survived every switch");
        other.close();
    }
}
