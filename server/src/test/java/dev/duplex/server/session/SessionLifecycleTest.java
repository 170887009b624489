package dev.duplex.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.CloseReason;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Message;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.ProtocolException;
import dev.duplex.server.testing.FakeHost;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every event in every state of a real session, against the transition table: each move a session makes is one
 * the table allows, and from CLOSING only the client's ack of the close frame, its own close, or its silence
 * past the grace ends the session. So a close the server started is delivered before the session finishes.
 */
class SessionLifecycleTest {
    private static final long GRACE = 20_000;

    /** A host, its session driven into {@code state}. */
    private static FakeHost in(SessionState state) {
        FakeHost host = new FakeHost(DuplexOptions.builder().heartbeatTimeoutMillis(GRACE));
        Session session = host.session();
        session.send(Message.text("before"));
        if (state == SessionState.MOVED) {
            assertTrue(session.release(false, 0) != null, "an open session can be handed off");
        } else if (state != SessionState.OPEN) {
            session.close(CloseReason.NORMAL);
        }
        if (state == SessionState.CLOSED) {
            session.finish(CloseReason.CLIENT_CLOSED);
        }
        assertEquals(state, session.state());
        return host;
    }

    private static void ack(Session session, long ack) {
        try {
            session.receive(List.of(new Frame.Ack(ack)));
        } catch (ProtocolException e) {
            // A moved session takes no frame: its client acks on the node that holds it now.
            if (session.state() != SessionState.MOVED) {
                throw new AssertionError(e);
            }
        }
    }

    private static final Map<String, Consumer<FakeHost>> EVENTS = Map.of(
            "server close", host -> host.session().close(new CloseReason(4000, "bye")),
            "ack of frames before the close", host -> ack(host.session(), 1),
            "ack of everything", host -> ack(host.session(), host.session().outbox().lastSeq()),
            "sweep inside the grace", host -> {
                host.clock.advance(GRACE - 1);
                host.session().sweep(host.clock.nowMillis());
            },
            "sweep past the grace", host -> {
                host.clock.advance(GRACE);
                host.session().sweep(host.clock.nowMillis());
            },
            "client close", host -> host.session().finish(CloseReason.CLIENT_CLOSED));

    @Test
    void everyEventInEveryStateMovesAsTheTableAllows() {
        Map<SessionState, Map<String, SessionState>> seen = new EnumMap<>(SessionState.class);
        for (SessionState from : SessionState.values()) {
            for (var event : EVENTS.entrySet()) {
                FakeHost host = in(from);
                event.getValue().accept(host);
                SessionState to = host.session().state();
                assertTrue(to == from || from.canMoveTo(to), event.getKey() + ": " + from + " -> " + to);
                seen.computeIfAbsent(from, s -> new java.util.TreeMap<>()).put(event.getKey(), to);
                assertTrue(host.closed.size() == (to == SessionState.CLOSED ? 1 : 0), "onClose once, at the end");
            }
        }
        assertEquals(Map.of("server close", SessionState.CLOSING, "ack of frames before the close", SessionState.OPEN,
                "ack of everything", SessionState.OPEN, "sweep inside the grace", SessionState.OPEN,
                "sweep past the grace", SessionState.OPEN, "client close", SessionState.CLOSED),
                seen.get(SessionState.OPEN));
        // The rule that matters: the server's close ends the session only once the client has it, or is gone.
        assertEquals(Map.of("server close", SessionState.CLOSING, "ack of frames before the close",
                SessionState.CLOSING, "ack of everything", SessionState.CLOSED, "sweep inside the grace",
                SessionState.CLOSING, "sweep past the grace", SessionState.CLOSED, "client close",
                SessionState.CLOSED), seen.get(SessionState.CLOSING));
        seen.get(SessionState.CLOSED).values().forEach(to -> assertEquals(SessionState.CLOSED, to));
        // A session handed to another node lives on there: nothing here ends it, or tells the application.
        seen.get(SessionState.MOVED).values().forEach(to -> assertEquals(SessionState.MOVED, to));
    }

    @Test
    void theCloseIsNumberedAfterEverythingSentBeforeItAndEndsTheSessionWithItsReason() {
        FakeHost host = in(SessionState.OPEN);
        host.session().close(new CloseReason(4000, "bye"));
        host.session().send(Message.text("after"));
        assertEquals("[{\"t\":\"msg\",\"seq\":1,\"d\":\"before\"},{\"t\":\"close\",\"seq\":2,\"code\":4000,"
                + "\"reason\":\"bye\"}]", host.session().outbox().drain(1, 10, List::of).text());
        ack(host.session(), 2);
        assertEquals(List.of(new CloseReason(4000, "bye")), host.closed);
    }

    /**
     * Sealed for a hand-off, not yet moved: a client frame is not taken, and its refusal is transient (503, 1013),
     * so the client re-sends it to the session's next node; {@code unknown_session} would end the session.
     */
    @Test
    void aFrameForASessionBeingHandedOffIsRefusedAsTransient() {
        Session session = in(SessionState.OPEN).session();
        session.seal();
        ProtocolException refused = assertThrows(ProtocolException.class,
                () -> session.receive(List.of(new Frame.Msg(1, null, "\"m\""))));
        assertEquals(ErrorCode.NODE_UNAVAILABLE, refused.code());
        assertEquals(SessionState.OPEN, session.state());
    }
}
