package dev.duplex.client;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.CloseReason;
import dev.duplex.server.api.Message;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Echoes every message and records, per channel, what the server application saw: a capture fake. */
class EchoHandler implements ChannelHandler {
    final Map<String, Channel> channels = new ConcurrentHashMap<>();
    final Map<String, List<String>> messages = new ConcurrentHashMap<>();
    final Map<String, CloseReason> closed = new ConcurrentHashMap<>();

    @Override
    public void onOpen(Channel channel) {
        channels.put(channel.id(), channel);
    }

    @Override
    public void onMessage(Channel channel, Message message) {
        messages.computeIfAbsent(channel.id(), id -> new CopyOnWriteArrayList<>()).add(message.json());
        channel.send(message);
    }

    @Override
    public void onClose(Channel channel, CloseReason reason) {
        closed.put(channel.id(), reason);
    }

    List<String> received(String channelId) {
        return messages.getOrDefault(channelId, List.of());
    }
}
