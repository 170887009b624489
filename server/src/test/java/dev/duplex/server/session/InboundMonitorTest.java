package dev.duplex.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.server.api.CloseReason;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Message;
import dev.duplex.server.api.TransportKind;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.ProtocolException;
import dev.duplex.server.testing.FakeHost;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Nothing calls out of a session, to the application or to a socket, while holding its inbound monitor. */
class InboundMonitorTest {
    private final FakeHost host = new FakeHost(DuplexOptions.builder());
    private final Session session = host.session();
    private final Map<String, Boolean> heldDuring = new ConcurrentHashMap<>();

    private void note(String what) {
        heldDuring.put(what, session.holdsInboundMonitor());
    }

    /** A transport that notes whether its close (a socket close, in life) runs under the monitor. */
    private final class NotingTransport implements Transport {
        @Override
        public TransportKind kind() {
            return TransportKind.WEBSOCKET;
        }

        @Override
        public void wake() {
            note("wake");
        }

        @Override
        public void close(int code, String reason) {
            note("transport close");
        }

        @Override
        public long sweep(long nowMillis) {
            return Long.MAX_VALUE;
        }
    }

    @Test
    void aClientCloseRunsTheHandlerAndTheSocketCloseOutsideIt() throws ProtocolException {
        session.attach(new NotingTransport());
        host.onDispatch = (s, frame) -> {
            note(frame instanceof Frame.Close ? "dispatch close" : "dispatch message");
            if (frame instanceof Frame.Close) {
                s.finish(CloseReason.CLIENT_CLOSED);
            } else {
                s.send(Message.text("echo"));
            }
        };
        host.onClosed = (s, reason) -> note("onClose");
        session.receive(List.of(new Frame.Msg(1, null, "\"hi\""), new Frame.Close(2, null, null)));
        assertEquals(Map.of("dispatch message", false, "wake", false, "dispatch close", false,
                "transport close", false, "onClose", false), heldDuring);
        assertEquals(List.of(CloseReason.CLIENT_CLOSED), host.closed);
    }

    @Test
    void anAckOfTheServersCloseFinishesTheSessionOutsideIt() throws ProtocolException {
        session.attach(new NotingTransport());
        host.onClosed = (s, reason) -> note("onClose");
        session.close(CloseReason.NORMAL);
        session.receive(List.of(new Frame.Ack(session.outbox().lastSeq())));
        assertEquals(false, heldDuring.get("onClose"));
        assertEquals(false, heldDuring.get("transport close"));
    }
}
