package dev.duplex.server.topic;

/** The default broker for a single node: a publish goes straight to the local listener. */
public final class InMemoryBroker implements Broker {
    private volatile Listener listener;

    @Override
    public void start(Listener target) {
        this.listener = target;
    }

    @Override
    public void subscribe(String topic) {
    }

    @Override
    public void unsubscribe(String topic) {
    }

    @Override
    public void publish(String topic, String payloadJson) {
        listener.onPublish(topic, payloadJson);
    }

    @Override
    public void close() {
    }
}
