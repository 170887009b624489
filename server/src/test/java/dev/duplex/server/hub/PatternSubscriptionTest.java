package dev.duplex.server.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.CloseReason;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Handshake;
import dev.duplex.server.api.Message;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.ProtocolException;
import dev.duplex.server.session.Session;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Wildcard subscriptions through the hub (the seam the Bayeux front door uses): refused unless the handler's
 * pattern authorizer allows, matched by segments, delivered once per session, counted as subscriptions.
 */
class PatternSubscriptionTest {
    private static final Handshake HANDSHAKE = new Handshake(null, Map.of(), Map.of(), "127.0.0.1", null);
    private DefaultHub hub;

    /** Allows every exact topic, as many handlers do; patterns as {@code allowed} says. */
    private DefaultHub hub(boolean patternsAllowed, int maxSubscriptions) {
        hub = new DefaultHub("/t", new ChannelHandler() {
            @Override
            public void onMessage(Channel channel, Message message) {
            }

            @Override
            public boolean authorizeSubscribe(Channel channel, String topic) {
                return true;
            }

            @Override
            public boolean authorizeSubscribePattern(Channel channel, String pattern) {
                return patternsAllowed && pattern.startsWith("chat/");
            }
        }, DuplexOptions.builder().maxSubscriptions(maxSubscriptions).build());
        return hub;
    }

    @AfterEach
    void stop() {
        hub.shutdown();
    }

    @Test
    void aHandlerThatAllowsEveryTopicStillRefusesPatternsByDefault() throws Exception {
        hub = new DefaultHub("/t", new ChannelHandler() {
            @Override
            public void onMessage(Channel channel, Message message) {
            }
        }, DuplexOptions.defaults());
        Session session = hub.open(HANDSHAKE).session();
        ProtocolException refused = assertThrows(ProtocolException.class, () -> hub.subscribePattern(session, "**"));
        assertEquals(ErrorCode.FORBIDDEN, refused.code());
        hub.publish("any/topic", Message.text("x"));
        assertEquals(0, session.outbox().lastSeq(), "nothing delivered");
    }

    @Test
    void aPatternGetsMatchingTopicsOnceEachInPublishOrder() throws Exception {
        hub(true, 10);
        Session session = hub.open(HANDSHAKE).session();
        hub.subscribePattern(session, "chat/*");
        session.subscribe("chat/lobby");
        assertThrows(ProtocolException.class, () -> hub.subscribePattern(session, "news/*"), "not allowed");
        hub.publish("chat/lobby", Message.text("1"));
        hub.publish("chat/lobby/deeper", Message.text("not one segment"));
        hub.publish("chatter/x", Message.text("not below chat"));
        hub.publish("chat/kitchen", Message.text("2"));
        assertEquals("[{\"t\":\"msg\",\"seq\":1,\"topic\":\"chat/lobby\",\"d\":\"1\"},"
                + "{\"t\":\"msg\",\"seq\":2,\"topic\":\"chat/kitchen\",\"d\":\"2\"}]",
                session.outbox().drain(1, 10, List::of).text(), "once, though two subscriptions match");
        assertEquals(java.util.Set.of("chat/lobby"), session.topics(), "patterns are not topics");

        hub.unsubscribePattern(session, "chat/*");
        hub.publish("chat/kitchen", Message.text("after"));
        assertEquals(2, session.outbox().lastSeq(), "nothing after the unsubscribe");
    }

    @Test
    void patternsCountAgainstMaxSubscriptionsAndEndWithTheSession() throws Exception {
        hub(true, 2);
        Session session = hub.open(HANDSHAKE).session();
        hub.subscribePattern(session, "chat/*");
        session.subscribe("news");
        ProtocolException full = assertThrows(ProtocolException.class,
                () -> hub.subscribePattern(session, "chat/**"));
        assertEquals(ErrorCode.TOO_MANY_SUBSCRIPTIONS, full.code());

        Session other = hub.open(HANDSHAKE).session();
        hub.subscribePattern(other, "chat/**");
        session.finish(CloseReason.EXPIRED);
        assertEquals(java.util.Set.of(), session.patternSet(), "the session's patterns are gone with it");
        hub.publish("chat/lobby", Message.text("still delivered to the other"));
        assertEquals(1, other.outbox().lastSeq());
    }
}
