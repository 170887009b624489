package dev.duplex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.testkit.Browser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * Many tabs (issue 16 item 5): {@value #TABS} tabs of one browser profile on one origin, behind nginx without the
 * Upgrade headers (so every channel long-polls), each echoing {@value #ECHOES} messages. A browser gives all its
 * tabs 6 HTTP/1.1 connections per host: without {@code share} every tab parks its own poll, and the 7th and 8th
 * tabs, and every tab's sends, wait for a free connection. With {@code share: true} the tabs park one bundled poll
 * between them (PROTOCOL.md section 2.5). Each tab measures its own echo times (send to echo, in the page); the
 * scenario prints every tab's p50 and max and, shared, asserts each below {@value #LIMIT_MS} ms and every echo back.
 */
final class TabsScenarios {
    static final int TABS = 8;
    private static final int ECHOES = 10;
    private static final long LIMIT_MS = 1_500;
    private static final Duration WAIT = Duration.ofSeconds(90);

    /** One tab's page: a channel to /echo that sends {@code n} numbered messages every {@code every} ms. */
    private static final String TAB_JS = """
            (function (share) {
              var T = window.__tabs = { rtts: [], sent: 0, got: 0, errors: [] };
              var ch = T.ch = Duplex.connect('/echo', { share: share });
              ch.on('error', function (e) { T.errors.push(e.code); });
              ch.on('message', function (d) {
                if (d && d.at) { T.rtts.push(Date.now() - d.at); T.got++; }
              });
              T.start = function (n, every) {
                var i = 0, timer = setInterval(function () {
                  if (i == n) return clearInterval(timer);
                  ch.send({ at: Date.now(), i: i++ });
                  T.sent++;
                }, every);
              };
              return true;
            })(%s)""";

    private TabsScenarios() {
    }

    /** {@value #TABS} shared tabs: every echo back, each tab's p50 and max below {@value #LIMIT_MS} ms. */
    static void shared(Run run) {
        List<long[]> figures = echoes(run, true);
        for (int i = 0; i < figures.size(); i++) {
            long[] f = figures.get(i);
            assertTrue(f[1] < LIMIT_MS && f[2] < LIMIT_MS, "tab " + (i + 1) + ": p50 " + f[1] + " ms, max " + f[2]
                    + " ms (limit " + LIMIT_MS + "); every tab: " + describe(figures));
        }
    }

    /**
     * The same tabs without {@code share}: the measurement before (run with {@code -De2e.tabs.before=true}). It
     * asserts the stall this feature removes, so it fails the day a browser no longer needs it.
     */
    static void unshared(Run run) {
        List<long[]> figures = echoes(run, false);
        assertTrue(figures.stream().anyMatch(f -> f[2] >= LIMIT_MS), "no tab stalled: " + describe(figures));
    }

    /** Opens the tabs, echoes, and returns each tab's {count, p50, max} in ms; notes them for the matrix. */
    @SuppressWarnings("unchecked")
    private static List<long[]> echoes(Run run, boolean share) {
        Page first = run.page(run.kind);
        List<Browser> tabs = new ArrayList<>();
        tabs.add(first.browser);
        for (int i = 1; i < TABS; i++) {
            tabs.add(first.browser.newTab());
        }
        for (Browser tab : tabs) {
            new Page(tab).openBare(run.base());
            tab.eval(String.format(TAB_JS, share));
        }
        for (int i = 0; i < TABS; i++) {
            Browser tab = tabs.get(i);
            await(tab, "tab " + (i + 1) + " open on long-polling",
                    "__tabs.ch.state == 'open' && __tabs.ch.transport == 'long-polling'");
        }
        for (Browser tab : tabs) {
            tab.eval("__tabs.start(" + ECHOES + ", 300)");
        }
        List<long[]> figures = new ArrayList<>();
        for (int i = 0; i < TABS; i++) {
            Browser tab = tabs.get(i);
            await(tab, "tab " + (i + 1) + ": " + ECHOES + " echoes", "__tabs.got >= " + ECHOES);
            Map<String, Object> t = (Map<String, Object>) tab.eval(
                    "{ rtts: __tabs.rtts, sent: __tabs.sent, errors: __tabs.errors, id: __tabs.ch.id }");
            List<Long> rtts = new ArrayList<>();
            for (Object ms : (List<Object>) t.get("rtts")) {
                rtts.add(((Number) ms).longValue());
            }
            assertEquals(ECHOES, rtts.size(), "tab " + (i + 1) + ": every send echoed once: " + t);
            assertEquals(List.of(), t.get("errors"), "tab " + (i + 1));
            List<Long> sorted = rtts.stream().sorted().toList();
            figures.add(new long[] {rtts.size(), sorted.get((sorted.size() - 1) / 2), sorted.get(sorted.size() - 1)});
        }
        run.note((share ? "shared" : "unshared") + " " + TABS + " tabs x " + ECHOES + " echoes: " + describe(figures));
        run.actualTransport = "long-polling";
        return figures;
    }

    private static String describe(List<long[]> figures) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < figures.size(); i++) {
            sb.append(String.format(Locale.ROOT, "%stab%d p50 %d max %d", i == 0 ? "" : ", ", i + 1, figures.get(i)[1],
                    figures.get(i)[2]));
        }
        return sb.append(" (ms)").toString();
    }

    private static void await(Browser tab, String what, String condition) {
        try {
            new FluentWait<>(tab).withTimeout(WAIT).pollingEvery(Duration.ofMillis(200))
                    .until(b -> b.evalBoolean(condition));
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for " + what + "; "
                    + tab.eval("window.__tabs ? { state: __tabs.ch.state, transport: __tabs.ch.transport,"
                    + " sent: __tabs.sent, got: __tabs.got, errors: __tabs.errors } : 'no page'"));
        }
    }
}
