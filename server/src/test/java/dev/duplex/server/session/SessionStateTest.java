package dev.duplex.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The whole transition table, pair by pair. */
class SessionStateTest {
    private static final Map<SessionState, Set<SessionState>> ALLOWED = Map.of(
            SessionState.OPEN, EnumSet.of(SessionState.CLOSING, SessionState.CLOSED, SessionState.MOVED),
            SessionState.CLOSING, EnumSet.of(SessionState.CLOSED),
            SessionState.CLOSED, EnumSet.noneOf(SessionState.class),
            SessionState.MOVED, EnumSet.noneOf(SessionState.class));

    @Test
    void everyPairIsAllowedOrRefusedAsTheTableSays() {
        int checked = 0;
        for (SessionState from : SessionState.values()) {
            for (SessionState to : SessionState.values()) {
                boolean allowed = ALLOWED.get(from).contains(to);
                assertEquals(allowed, from.canMoveTo(to), from + " -> " + to);
                if (allowed) {
                    assertEquals(to, from.moveTo(to));
                } else {
                    assertThrows(IllegalStateException.class, () -> from.moveTo(to), from + " -> " + to);
                }
                checked++;
            }
        }
        assertEquals(16, checked);
    }
}
