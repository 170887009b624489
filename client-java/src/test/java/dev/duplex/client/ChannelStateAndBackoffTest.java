package dev.duplex.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The lifecycle's whole transition table, and the backoff's full-jitter caps with an injected random. */
class ChannelStateAndBackoffTest {

    @Test
    void everyMoveOfTheTableIsAllowedAndEveryOtherIsRefused() {
        Set<String> allowed = Set.of("OPEN->CLOSING", "OPEN->CLOSED", "CLOSING->CLOSED");
        for (ChannelState from : ChannelState.values()) {
            for (ChannelState to : EnumSet.allOf(ChannelState.class)) {
                if (allowed.contains(from + "->" + to)) {
                    assertEquals(to, from.to(to));
                } else {
                    assertThrows(IllegalStateException.class, () -> from.to(to), from + "->" + to);
                }
            }
        }
    }

    @Test
    void theCapDoublesUpToTheMaximumAndTheDelayIsAUniformShareOfIt() {
        Backoff top = new Backoff(100, 1000, () -> 0.999_999);
        assertEquals(99, top.next());
        assertEquals(199, top.next());
        assertEquals(399, top.next());
        assertEquals(799, top.next());
        assertEquals(999, top.next());
        assertEquals(999, top.next());
        top.reset();
        assertEquals(99, top.next());
        Backoff bottom = new Backoff(100, 1000, () -> 0.0);
        assertEquals(0, bottom.next(), "full jitter: the delay may be zero");
    }
}
