package dev.duplex.server.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Handshake;
import dev.duplex.server.api.Message;
import dev.duplex.server.session.Session;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hub.publish as its Javadoc states it: the fan-out is done when the call returns, in the caller's order. */
class PublishTest {

    @Test
    void aPublishIsQueuedOnEverySubscriberBeforeItReturnsAndAheadOfALaterSend() throws Exception {
        DefaultHub hub = new DefaultHub("/t", new ChannelHandler() {
            @Override
            public void onMessage(Channel channel, Message message) {
            }
        }, DuplexOptions.defaults());
        try {
            Handshake handshake = new Handshake(null, Map.of(), Map.of(), "127.0.0.1", null);
            Session first = hub.open(handshake).session();
            Session second = hub.open(handshake).session();
            first.subscribe("news");
            second.subscribe("news");
            hub.publish("news", Message.text("published"));
            first.send(Message.text("sent after"));
            assertEquals("[{\"t\":\"msg\",\"seq\":1,\"topic\":\"news\",\"d\":\"published\"},"
                    + "{\"t\":\"msg\",\"seq\":2,\"d\":\"sent after\"}]", first.outbox().drain(1, 10, List::of).text());
            assertEquals(1, second.outbox().lastSeq(), "every subscriber has it when publish returns");
        } finally {
            hub.shutdown();
        }
    }
}
