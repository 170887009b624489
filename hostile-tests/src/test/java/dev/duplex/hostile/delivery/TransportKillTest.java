package dev.duplex.hostile.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.hostile.Scenario;
import dev.duplex.server.testing.WireClient;
import dev.duplex.faultkit.FaultProxy;
import dev.duplex.faultkit.Kill;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kills the transport mid-stream {@link Scenario#KILLS} times while {@link Scenario#MESSAGES} messages flow each
 * way, by each way a connection dies: a close frame, a FIN, a RST, or a stall (blackhole: no FIN, no RST, nothing
 * forwarded). The client alternates transports at each kill, so WebSockets and long-polls are killed alike.
 */
class TransportKillTest {
    /** How the transport dies. */
    enum Death {
        /** The client closes its WebSocket with a close frame (1000), or simply stops polling. */
        CLOSE_FRAME,
        /** The proxy half-closes both sides. */
        FIN,
        /** The proxy resets both sides. */
        RST,
        /** The proxy stops forwarding and keeps the sockets; the client gives up on the silent transport. */
        STALL
    }

    @ParameterizedTest
    @EnumSource(Death.class)
    void everyMessageArrivesOnceInOrderAcrossKills(Death death) throws Exception {
        long seed = System.nanoTime();
        Scenario.judge("kill by " + death + " x" + Scenario.KILLS + " (seed " + seed + ")", () -> {
            AlternatingTransports.Result result = AlternatingTransports.run(seed, Scenario.KILLS,
                    (proxy, client, onWebSocket, index) -> {
                        int hit = kill(death, proxy, client, onWebSocket);
                        // A WebSocket is always there to kill; a long-poll may be between a response and a poll.
                        assertTrue(hit > 0 || !onWebSocket || death == Death.CLOSE_FRAME, "kill " + index + " missed");
                        return hit;
                    });
            assertEquals(1, result.sessionsOpened(), "one session throughout");
            assertEquals(0, result.sessionsClosed(), "and it never closed");
            return new Scenario.Outcome(result.verdicts(), "proxy connections killed: " + result.connectionsHit());
        });
    }

    /** Kills the current transport; returns how many proxied connections the kill hit. */
    private static int kill(Death death, FaultProxy proxy, WireClient client, boolean onWebSocket) {
        switch (death) {
            case CLOSE_FRAME -> {
                if (onWebSocket) {
                    client.closeWebSocket();
                } else {
                    client.stopLongPolling();
                }
                return 0;
            }
            case FIN -> {
                return proxy.kill(Kill.FIN);
            }
            case RST -> {
                return proxy.kill(Kill.RST);
            }
            default -> {
                int hit = proxy.kill(Kill.BLACKHOLE);
                // What a client's heartbeat or poll timeout would do, without waiting for it: drop the dead pipe.
                if (onWebSocket) {
                    client.abortWebSocket();
                } else {
                    client.abandonPolling();
                }
                return hit;
            }
        }
    }
}
