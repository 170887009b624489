package dev.duplex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Surviving a reload ({@code resume: 'tab'}, issue 16 item 4) on the demo's ticker, whose updates are numbered
 * ({@code tick}). The tab navigates to its page again, so the browser fires {@code pagehide} and keeps the tab's
 * {@code sessionStorage}; the new page resumes the parked session.
 */
final class ReloadScenarios {
    private static final Duration SHORT = Duration.ofSeconds(20);
    private static final Map<String, Object> RESUME = Map.of("resume", "tab", "debug", true);
    private static final long RELOAD_MILLIS = 1_500;

    private ReloadScenarios() {
    }

    /**
     * Within the window: the same session, no reset, and the ticks of both pages together run on with none missing
     * and none twice (those published during the reload are replayed). Past it (the server no longer knows the
     * parked session, as after its window): an explicit reset {@code expired}, then a new session that ticks on.
     */
    static void reload(Run run) {
        Page p = run.page(run.kind).openBare(run.base());
        openTicker(p);
        p.await("3 price updates", "ticker", SHORT, s -> Scenarios.num(s, "topic") >= 3);

        p.openBare(run.base());
        Map<String, Object> left = left(p);
        // A slow reload: the ticker (every 500 ms) publishes while no page of the tab listens.
        pause(RELOAD_MILLIS);
        openTicker(p);
        Map<String, Object> resumed = p.await("3 more price updates", "ticker", SHORT,
                s -> Scenarios.num(s, "topic") >= 3);
        List<Long> ticks = ticks(left.get("topic"));
        int before = ticks.size();
        List<Object> after = p.topic("ticker");
        ticks.addAll(ticks(after));
        long connectedAt = ((Number) p.call("startedAt", "ticker")).longValue();
        long replayed = after.stream().filter(u -> at(u) < connectedAt).count();
        assertTrue(replayed >= 2, "ticks published during the reload are replayed: " + replayed + "; ticks " + ticks
                + " (" + before + " before), ids " + left.get("id") + " / " + resumed.get("id") + ", connected at "
                + connectedAt + ", first after at " + (after.isEmpty() ? "-" : at(after.get(0)))
                + "\nleft: " + left.get("tl"));
        for (int i = 1; i < ticks.size(); i++) {
            assertEquals(ticks.get(i - 1) + 1, ticks.get(i), "ticks across the reload (" + before + " before it): "
                    + ticks);
        }
        assertEquals(left.get("id"), resumed.get("id"), "the same session");
        assertEquals(0L, Scenarios.num(resumed, "resets"), "no reset within the window");
        assertEquals(List.of(), left.get("resets"));
        run.note(before + " ticks before the reload, " + (ticks.size() - before) + " after (" + replayed
                + " published during it), none missing or twice");

        p.openBare(run.base());
        p.call("forgetParked", "/ticker");
        openTicker(p);
        Map<String, Object> anew = p.await("a reset, then price updates", "ticker", SHORT,
                s -> Scenarios.num(s, "resets") >= 1 && Scenarios.num(s, "topic") >= 1);
        assertNotEquals(left.get("id"), anew.get("id"), "a new session past the window");
        assertTrue(p.report().contains("\"reason\":\"expired\""), p.report());
        run.actualTransport = (String) anew.get("transport");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void openTicker(Page p) {
        p.connect("ticker", "/ticker", RESUME);
        p.call("subscribe", "ticker", "prices");
        p.call("keepOnLeave", "ticker");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> left(Page p) {
        return (Map<String, Object>) p.call("left", "ticker");
    }

    @SuppressWarnings("unchecked")
    private static long at(Object update) {
        return ((Number) ((Map<String, Object>) update).get("at")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<Long> ticks(Object updates) {
        List<Long> ticks = new ArrayList<>();
        for (Object u : (List<Object>) updates) {
            ticks.add(((Number) ((Map<String, Object>) u).get("tick")).longValue());
        }
        return ticks;
    }
}
