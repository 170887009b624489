package dev.duplex.server.testing;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.CloseReason;
import dev.duplex.server.api.Message;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Echoes every message and records what the application saw, in order: a capture fake of the handler. */
public class RecordingHandler implements ChannelHandler {
    public final List<String> opened = new CopyOnWriteArrayList<>();
    public final List<String> messages = new CopyOnWriteArrayList<>();
    public final List<CloseReason> closed = new CopyOnWriteArrayList<>();
    private volatile boolean echo = true;

    /** Stops echoing, so a test can send from the server on its own terms. */
    public RecordingHandler silent() {
        echo = false;
        return this;
    }

    @Override
    public void onOpen(Channel channel) {
        opened.add(channel.id());
    }

    @Override
    public void onMessage(Channel channel, Message message) {
        messages.add(message.json());
        if (echo) {
            channel.send(message);
        }
    }

    @Override
    public void onClose(Channel channel, CloseReason reason) {
        closed.add(reason);
    }
}
