package dev.duplex.server.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Message;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import dev.duplex.server.topic.TopicNames;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * An application authorizer as applications write them: a prefix check ({@code private/} is refused). Every
 * spelling that could reach {@code private/payroll} past such a check (wildcards, dot segments, encodings, case,
 * homoglyphs, invisible characters, huge names) is either refused as invalid before the authorizer is asked, or
 * is a different topic that never receives {@code private/payroll}'s messages.
 */
class TopicAuthorizationBypassTest {
    private static final String SECRET = "private/payroll";

    @Test
    void noSpellingReachesAPrivateTopicPastAPrefixAuthorizer() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        RecordingHandler handler = new RecordingHandler() {
            @Override
            public boolean authorizeSubscribe(Channel channel, String topic) {
                asked.add(topic);
                return !topic.startsWith("private/");
            }

            @Override
            public boolean authorizePublish(Channel channel, String topic, Message message) {
                asked.add(topic);
                return !topic.startsWith("private/");
            }
        };
        List<String> invalid = List.of("*", "#", "private/*", "private/+", "./private/payroll",
                "public/../private/payroll", "private//payroll", "/private/payroll", "private/payroll/",
                "private%2Fpayroll", "private\\payroll", " private/payroll", "private/payroll\u0000",
                "\u0440rivate/payroll", "private/payroll\u200b", "private/payro\u200cll", "p".repeat(10_000));
        List<String> otherTopics = List.of("Private/payroll", "PRIVATE/payroll", "private.payroll", "private~payroll");
        try (TestServer server = new TestServer(handler, DuplexOptions.builder().maxSubscriptions(50).build());
                WireClient attacker = new WireClient(server.mountUri(), server.origin())) {
            attacker.handshake();
            attacker.startWebSocket();
            for (String topic : invalid) {
                attacker.sendSequenced(seq -> new Frame.Sub(seq, topic));
                assertEquals("invalid_topic", ((Frame.Error) attacker.next(10)).code(), topic);
                attacker.sendSequenced(seq -> new Frame.Pub(seq, topic, "\"forged\""));
                assertEquals("invalid_topic", ((Frame.Error) attacker.next(10)).code(), topic);
            }
            assertTrue(asked.isEmpty(), "the authorizer never saw an invalid name: " + asked);
            for (String topic : otherTopics) {
                attacker.sendSequenced(seq -> new Frame.Sub(seq, topic));
                assertTrue(attacker.next(10) instanceof Frame.SubAck, topic);
            }
            attacker.sendSequenced(seq -> new Frame.Sub(seq, SECRET));
            assertEquals("forbidden", ((Frame.Error) attacker.next(10)).code());
            server.hub().publish(SECRET, Message.text("salaries"));
            server.hub().channel(attacker.sid()).orElseThrow().send(Message.text("marker"));
            Frame.Msg next = (Frame.Msg) attacker.next(10);
            assertEquals("\"marker\"", next.d(), "no look-alike subscription received " + SECRET);
            assertEquals(otherTopics, asked.subList(0, otherTopics.size()), "exactly the names used were authorized");
            assertTrue(TopicNames.isValid("private/payroll"));
        }
    }
}
