package dev.duplex.server;

import java.util.Optional;

/**
 * The hub handed out by {@link Duplex#mount} before the container has initialised the mount's servlet.
 * Delegates once it has; publishing earlier has no subscriber to reach and is dropped.
 */
final class LazyHub implements Hub {
    private final DuplexServlet servlet;
    private final String path;
    private final DuplexOptions options;

    LazyHub(DuplexServlet servlet, String path, DuplexOptions options) {
        this.servlet = servlet;
        this.path = path;
        this.options = options;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public DuplexOptions options() {
        return options;
    }

    @Override
    public void publish(String topic, Message message) {
        Hub hub = servlet.hub();
        if (hub != null) {
            hub.publish(topic, message);
        }
    }

    @Override
    public Optional<Channel> channel(String id) {
        Hub hub = servlet.hub();
        return hub == null ? Optional.empty() : hub.channel(id);
    }

    @Override
    public int channelCount() {
        Hub hub = servlet.hub();
        return hub == null ? 0 : hub.channelCount();
    }
}
