package dev.duplex.examples.chat;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.Message;
import org.springframework.stereotype.Component;

/** The application's side of {@code /chat}: an ordinary Spring bean, so it can take other beans. */
@Component
class ChatHandler implements ChannelHandler {

    /** Clients may read the news; they may not publish to it (only {@link AnnounceController} does). */
    @Override
    public boolean authorizeSubscribe(Channel channel, String topic) {
        return topic.equals(AnnounceController.TOPIC);
    }

    @Override
    public boolean authorizePublish(Channel channel, String topic, Message message) {
        return false;
    }

    /** Echoes a direct message to its sender. */
    @Override
    public void onMessage(Channel channel, Message message) {
        channel.send(message);
    }
}
