package dev.duplex.demo;

import dev.duplex.server.Channel;
import dev.duplex.server.ChannelHandler;
import dev.duplex.server.Message;

/** {@code /echo}: sends every message back unchanged. The smallest useful handler. */
public final class EchoHandler implements ChannelHandler {

    @Override
    public void onMessage(Channel channel, Message message) {
        channel.send(message);
    }
}
