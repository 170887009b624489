package dev.duplex.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Everything a client's listeners were told, in order. */
final class Capture {
    final List<DuplexMessage> messages = new CopyOnWriteArrayList<>();
    final List<DuplexError> errors = new CopyOnWriteArrayList<>();
    final List<ResetNotice> resets = new CopyOnWriteArrayList<>();
    final List<CloseNotice> closes = new CopyOnWriteArrayList<>();
    final List<TransportKind> transports = new CopyOnWriteArrayList<>();

    static Capture of(DuplexClient client) {
        Capture capture = new Capture();
        client.onMessage(capture.messages::add).onError(capture.errors::add).onReset(capture.resets::add)
                .onClose(capture.closes::add).onTransport(capture.transports::add);
        return capture;
    }

    /** The payloads of direct (non-topic) messages, as compact JSON. */
    List<String> direct() {
        return messages.stream().filter(m -> m.topic() == null).map(m -> m.data().toString()).toList();
    }

    List<String> onTopic(String topic) {
        return messages.stream().filter(m -> topic.equals(m.topic())).map(m -> m.data().toString()).toList();
    }
}
