package dev.duplex.client;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The application's listeners, each called on the client's loop thread, one event at a time, in order.
 * Messages that arrive before an {@code onMessage} listener is set are held for it, so none is missed
 * between {@code connect} and the registration. A listener that throws is logged and harms nothing.
 */
final class Events {
    private static final System.Logger LOG = System.getLogger(DuplexClient.class.getName());

    private Consumer<DuplexMessage> message;
    private final List<DuplexMessage> held = new ArrayList<>();
    private Consumer<DuplexError> error = e -> { };
    private Consumer<ResetNotice> reset = r -> { };
    private Consumer<CloseNotice> close = c -> { };
    private Consumer<TransportKind> transport = t -> { };
    private LongConsumer pressure = ms -> { };
    private Runnable drain = () -> { };

    void onMessage(Consumer<DuplexMessage> listener) {
        message = listener;
        for (DuplexMessage m : held) {
            call(listener, m);
        }
        held.clear();
    }

    void onError(Consumer<DuplexError> listener) {
        error = listener;
    }

    void onReset(Consumer<ResetNotice> listener) {
        reset = listener;
    }

    void onClose(Consumer<CloseNotice> listener) {
        close = listener;
    }

    void onTransport(Consumer<TransportKind> listener) {
        transport = listener;
    }

    void onPressure(LongConsumer listener) {
        pressure = listener;
    }

    void onDrain(Runnable listener) {
        drain = listener;
    }

    void message(DuplexMessage m) {
        if (message == null) {
            held.add(m);
        } else {
            call(message, m);
        }
    }

    void error(DuplexError e) {
        call(error, e);
    }

    void reset(ResetNotice r) {
        call(reset, r);
    }

    void close(CloseNotice c) {
        call(close, c);
    }

    void transport(TransportKind t) {
        call(transport, t);
    }

    void pressure(long retryMillis) {
        call(ms -> pressure.accept(ms), retryMillis);
    }

    void drain() {
        call(x -> drain.run(), null);
    }

    private static <T> void call(Consumer<T> listener, T event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a Duplex client listener threw", e);
        }
    }
}
