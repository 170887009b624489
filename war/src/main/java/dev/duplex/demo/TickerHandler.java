package dev.duplex.demo;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.Message;

/**
 * {@code /ticker}: a read-only feed. Mounted from {@code web.xml} alone (the servlet
 * {@code dev.duplex.server.DuplexServlet} with this class as its {@code handler} init-param), which is why it
 * has a public no-argument constructor. {@link TickerFeed} publishes the prices; clients may only subscribe.
 */
public final class TickerHandler implements ChannelHandler {

    /** For {@code DuplexServlet}, which creates the handler named in {@code web.xml}. */
    public TickerHandler() {
    }

    @Override
    public void onMessage(Channel channel, Message message) {
        channel.send(Message.json("{\"type\":\"error\",\"message\":\"the ticker is read-only\"}"));
    }

    @Override
    public boolean authorizeSubscribe(Channel channel, String topic) {
        return TickerFeed.TOPIC.equals(topic);
    }

    @Override
    public boolean authorizePublish(Channel channel, String topic, Message message) {
        return false;
    }
}
