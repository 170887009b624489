package dev.duplex.hostile.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.hostile.Scenario;
import org.junit.jupiter.api.Test;

/**
 * WebSocket to long-polling to WebSocket, 50 round trips, at random points while messages flow both ways: no
 * kill, just the protocol's own supersede (a poll closes the WebSocket with 4409, a hello ends the parked poll).
 */
class SwitchUnderTrafficTest {
    private static final int ROUND_TRIPS = 50;

    @Test
    void fiftyRoundTripsBetweenTransportsUnderTrafficBothWays() throws Exception {
        long seed = System.nanoTime();
        Scenario.judge("switch WS>LP>WS x" + ROUND_TRIPS + " (seed " + seed + ")", () -> {
            AlternatingTransports.Result result = AlternatingTransports.run(seed, 2 * ROUND_TRIPS,
                    (proxy, client, onWebSocket, index) -> 0);
            // A probe that a late poll superseded is retried, so a round trip may take more than one upgrade.
            assertTrue(result.upgrades() >= 1 + ROUND_TRIPS, "a WebSocket per round trip, and the first");
            assertEquals(1, result.sessionsOpened());
            assertEquals(0, result.sessionsClosed());
            return new Scenario.Outcome(result.verdicts(), "WebSockets superseded (4409): " + result.superseded()
                    + ", silent after a switch (given up): " + result.silentSockets());
        });
    }
}
