package dev.duplex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.testkit.BrowserKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/** Scenarios of the Bayeux front door (issue 15): unmodified CometD pages beside duplex.js pages. */
final class LegacyScenarios {
    private static final Duration SHORT = Duration.ofSeconds(20);
    /** The cometd.js page's test hook, in its frame of the demo page. */
    private static final String LEGACY_WINDOW = "document.getElementById('legacy').contentWindow";
    private static final String LEGACY = LEGACY_WINDOW + ".legacyChat";
    private static final String LEGACY_DOCUMENT = LEGACY_WINDOW + ".document";

    private LegacyScenarios() {
    }

    /**
     * The demo's {@code /legacy/} page (cometd.js 9, unmodified, on its default transport) in a frame of the demo
     * page, and a duplex.js channel of that page on long-polling, both in the lobby, take turns saying ten lines
     * each. Each sees all twenty, once each, in the same order, each speaker's lines in the order spoken.
     */
    static void cometdChat(Run run) {
        String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
        Page page = run.openApp(BrowserKind.CHROMIUM);
        page.connect("chat", "/chat", Map.of("transports", List.of("long-polling")));
        page.call("subscribe", "chat", "chat/lobby");
        page.browser.eval("(function () { var f = document.createElement('iframe'); f.id = 'legacy';"
                + " f.src = '/legacy/'; document.body.appendChild(f); return true; })()");
        page.await("own join in the lobby", "chat", SHORT, s -> Scenarios.num(s, "topic") >= 1);
        page.awaitTrue("the cometd.js page in the lobby", SHORT, () -> page.browser.evalBoolean(LEGACY + " != null"
                + " && " + LEGACY + ".joined === true"));
        run.note("cometd.js: " + page.browser.evalString(LEGACY + ".events.join(', ')"));
        int n = 10;
        page.browser.eval("(function () { for (var i = 0; i < " + n + "; i++) {"
                + " __e2e.send('chat', {type: 'say', room: 'lobby', text: 'd-" + id + "-' + i});"
                + " " + LEGACY + ".say('l-" + id + "-' + i); } return true; })()");
        page.awaitTrue(2 * n + " lines on both sides", SHORT,
                () -> legacyLines(page, id).size() >= 2 * n && duplexLines(page, id).size() >= 2 * n);
        List<String> seenByDuplex = duplexLines(page, id);
        List<String> seenByLegacy = legacyLines(page, id);
        assertEquals(seenByDuplex, seenByLegacy, "both clients must see the same lines in the same order");
        assertEquals(2 * n, seenByDuplex.size(), "no line lost or duplicated: " + seenByDuplex);
        Scenarios.assertInOrder(only(seenByDuplex, "d-" + id + "-"), "d-" + id + "-", n);
        Scenarios.assertInOrder(only(seenByDuplex, "l-" + id + "-"), "l-" + id + "-", n);
        run.actualTransport = page.transport("chat") + " + cometd.js:"
                + page.browser.evalString(LEGACY_DOCUMENT + ".documentElement.dataset.transport");
    }

    private static List<String> only(List<String> lines, String prefix) {
        return lines.stream().filter(line -> line.startsWith(prefix)).collect(Collectors.toList());
    }

    /** The lines of this run that the duplex.js channel received, in order. */
    private static List<String> duplexLines(Page p, String id) {
        List<String> texts = new ArrayList<>();
        for (Object o : p.topic("chat")) {
            if (o instanceof Map<?, ?> m && "say".equals(m.get("type")) && String.valueOf(m.get("text")).contains(id)) {
                texts.add(String.valueOf(m.get("text")));
            }
        }
        return texts;
    }

    /** The lines of this run that the cometd.js page received ("nick: text"), texts only, in order. */
    private static List<String> legacyLines(Page p, String id) {
        String joined = p.browser.evalString(LEGACY + ".lines.join('\\n')");
        List<String> texts = new ArrayList<>();
        for (String line : joined.split("\n")) {
            if (!line.contains(": ")) {
                continue;
            }
            String text = line.substring(line.indexOf(": ") + 2);
            if (text.contains(id)) {
                texts.add(text);
            }
        }
        return texts;
    }
}
