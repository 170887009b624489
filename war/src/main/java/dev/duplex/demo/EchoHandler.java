package dev.duplex.demo;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.Message;

/** {@code /echo}: sends every message back unchanged. The smallest useful handler. */
public final class EchoHandler implements ChannelHandler {

    @Override
    public void onMessage(Channel channel, Message message) {
        channel.send(message);
    }
}
