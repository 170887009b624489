package dev.duplex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.testkit.BrowserKind;
import dev.duplex.faultkit.FaultProxy;
import dev.duplex.testkit.StaticServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/** Each scenario, written once; the runner applies it to browsers and networks. */
final class Scenarios {
    private static final Duration SHORT = Duration.ofSeconds(20);
    private static final Duration LONG = Duration.ofSeconds(120);
    /** Longer than Chromium's 20 s HTTP cache lock, so a stalled first poll is measured, not failed. */
    private static final Duration FIRST = Duration.ofSeconds(30);
    /** Client options that make recovery fast enough to cut twenty times in a test. */
    private static final Map<String, Object> FAST = Map.of("reconnectMin", 100, "reconnectMax", 1000,
            "upgradeMin", 300, "upgradeMax", 1000, "wsFailureMemoryMs", 500);

    private Scenarios() {
    }

    /**
     * Connect to /echo and send the first message at once; 100 messages come back in order, on the transport this
     * network allows. The note records the time to the first echo, measured by the page and by the test.
     */
    static void echo100(Run run) {
        Page p = run.openApp(run.kind);
        String expected = run.expected(run.kind);
        Map<String, Object> s = echoInOrder(run, p, "m-", 100);
        assertPageTransport(run, p, expected);
        if (run.net.forward != null) {
            long refused = run.net.forward.refusedConnects("127.0.0.1:" + run.app.port());
            assertTrue(refused > 0, "the browser never tried a ws:// CONNECT through the proxy");
            run.note("proxy refused " + refused + " CONNECT(s) to the app");
        }
        run.actualTransport = (String) s.get("transport");
    }

    /** {@link #echo100} through the fault proxy with 200 ms of latency added each way. */
    static void echo100Delayed(Run run) {
        run.net.fault.delay(200);
        echo100(run);
    }

    /**
     * The deployment smoke test: one page with an echo and a ticker channel, both on the transport this network
     * allows; 20 echoes in order and 3 price updates.
     */
    static void smoke(Run run) {
        Page p = run.openApp(run.kind);
        String expected = run.expected(run.kind);
        p.connect("ticker", "/ticker", Map.of());
        p.call("subscribe", "ticker", "prices");
        echoInOrder(run, p, "s-", 20);
        awaitTransport(run, p, "ticker", run.kind);
        Map<String, Object> ticker = p.await("3 price updates", "ticker", run.scaled(SHORT),
                st -> num(st, "topic") >= 3);
        assertEquals(expected, ticker.get("transport"), "ticker transport");
        run.actualTransport = p.transport("echo") + " + ticker:" + ticker.get("transport");
    }

    /**
     * Opens channel "echo", sends {@code prefix0} at once and awaits it (noting the time to first message), waits
     * for the expected transport, sends the rest and checks all {@code n} came back in order on that transport.
     */
    private static Map<String, Object> echoInOrder(Run run, Page p, String prefix, int n) {
        String expected = run.expected(run.kind);
        long t0 = System.nanoTime();
        p.connect("echo", "/echo", Map.of());
        p.call("send", "echo", prefix + 0);
        Map<String, Object> first = p.await("first echo", "echo", run.scaled(FIRST), st -> num(st, "got") >= 1);
        run.note("first message after " + (System.nanoTime() - t0) / 1_000_000 + "ms (page-measured "
                + num(first, "firstAt") + "ms)");
        awaitTransport(run, p, "echo", run.kind);
        p.call("sendRange", "echo", prefix, 1, n);
        p.await(n + " echoes", "echo", run.scaled(SHORT), st -> num(st, "got") >= n);
        assertInOrder(p.got("echo"), prefix, n);
        Map<String, Object> s = p.status("echo");
        assertEquals(expected, s.get("transport"), "channel.transport after " + n + " messages");
        if (expected.equals("long-polling")) {
            assertFalse((Boolean) s.get("everWebSocket"), "the channel must never have been on websocket");
        }
        return s;
    }

    /**
     * Two browsers in one chat room, one on WebSocket and one on long-polling, see the same lines in the same order.
     * The partner is Chromium: forced to long-polling when the browser under test can use WebSocket, else default.
     */
    static void chat(Run run) {
        boolean partnerLongPolling = run.expected(run.kind).equals("websocket");
        String room = "e2e-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
        String topic = "chat/" + room;
        Page a = run.openApp(run.kind);
        Page b = run.openApp(BrowserKind.CHROMIUM);
        a.connect("chat", "/chat", Map.of());
        b.connect("chat", "/chat", partnerLongPolling ? Map.of("transports", List.of("long-polling")) : Map.of());
        a.call("subscribe", "chat", topic);
        b.call("subscribe", "chat", topic);
        awaitTransport(run, a, "chat", run.kind);
        String partner = partnerLongPolling ? "long-polling" : "websocket";
        b.await("partner on " + partner, "chat", run.scaled(SHORT),
                s -> partner.equals(s.get("transport")) && "open".equals(s.get("state")));
        a.await("own join in " + topic, "chat", run.scaled(SHORT), s -> num(s, "topic") >= 1);
        b.await("own join in " + topic, "chat", run.scaled(SHORT), s -> num(s, "topic") >= 1);
        int n = 20;
        for (int i = 0; i < n; i++) {
            a.call("send", "chat", Map.of("type", "say", "room", room, "text", "a-" + i));
            b.call("send", "chat", Map.of("type", "say", "room", room, "text", "b-" + i));
        }
        a.awaitTrue(2 * n + " lines in both browsers", run.scaled(SHORT),
                () -> says(a).size() >= 2 * n && says(b).size() >= 2 * n);
        List<String> seenA = says(a);
        List<String> seenB = says(b);
        assertEquals(seenA, seenB, "both browsers must see the same lines in the same order");
        assertEquals(2 * n, seenA.size(), "no line lost or duplicated: " + seenA);
        assertInOrder(seenA.stream().filter(t -> t.startsWith("a-")).collect(Collectors.toList()), "a-", n);
        assertInOrder(seenA.stream().filter(t -> t.startsWith("b-")).collect(Collectors.toList()), "b-", n);
        assertEquals(partner, b.transport("chat"), "partner transport");
        run.actualTransport = a.transport("chat") + " + chromium:" + b.transport("chat");
    }

    /** The ticker's pushed prices reach the browser. */
    static void ticker(Run run) {
        Page p = run.openApp(run.kind);
        p.connect("ticker", "/ticker", Map.of());
        p.call("subscribe", "ticker", "prices");
        awaitTransport(run, p, "ticker", run.kind);
        Map<String, Object> s = p.await("3 price updates", "ticker", run.scaled(SHORT), st -> num(st, "topic") >= 3);
        run.actualTransport = (String) s.get("transport");
    }

    /**
     * Runs {@code body} on a page of another origin (http://localhost:P2, served for the while) that loads
     * duplex.js from the app.
     */
    static void onForeignPage(Run run, java.util.function.Consumer<Page> body) {
        String html = "<!DOCTYPE html><html><head><title>elsewhere</title><script src=\"" + run.app.origin()
                + "/duplex.js\"></script></head><body>another origin</body></html>";
        try (StaticServer other = StaticServer.start(html)) {
            body.accept(run.page(run.kind).open("http://localhost:" + other.port() + "/"));
        }
    }

    /** A page of another origin (http://localhost:P2) cannot open a channel on either transport. */
    static void crossOrigin(Run run) {
        String app = run.app.origin();
        onForeignPage(run, p -> {
            p.connect("any", app + "/echo", Map.of("reconnectMin", 200, "reconnectMax", 500));
            p.connect("wsonly", app + "/echo", Map.of("transports", List.of("websocket"), "reconnectMin", 200,
                    "reconnectMax", 500));
            // HtmlUnit's WebSocket (a Jetty client) sends no Origin header: to the server it is a non-browser
            // client, which the origin policy lets through by design. The raw check is about browsers' Origin.
            boolean raw = run.kind.hasWebSocket() && !Run.isHtmlUnit(run.kind);
            if (run.kind.hasWebSocket() && !raw) {
                run.note("no raw WebSocket check: HtmlUnit's WebSocket sends no Origin header");
            }
            if (raw) {
                p.browser.eval("(function () { var r = window.__raw = { opened: false, closed: false };"
                        + " var ws = new WebSocket(" + dev.duplex.testkit.Json.write(app.replace("http", "ws")
                        + "/echo/ws") + ");"
                        + " ws.onopen = function () { r.opened = true; ws.send('{\"t\":\"ping\"}'); };"
                        + " ws.onmessage = function (e) { r.message = e.data; };"
                        + " ws.onerror = function () { r.errored = true; };"
                        + " ws.onclose = function (e) { r.closed = true; r.code = e.code; }; return true; })()");
                // Browsers fire error then close on a refused handshake; HtmlUnit may fire only error.
                p.awaitTrue("the raw cross-origin WebSocket to fail", run.scaled(SHORT),
                        () -> p.browser.evalBoolean("window.__raw.closed || window.__raw.errored === true"));
                assertFalse(p.browser.evalBoolean("window.__raw.opened"),
                        "a cross-origin WebSocket upgrade was accepted: " + p.browser.eval("window.__raw"));
            }
            // Refused: retrying (when the page cannot read the 403) or closed with forbidden_origin (when it can).
            for (String ch : List.of("any", "wsonly")) {
                p.await(ch + " to fail", ch, run.scaled(SHORT),
                        s -> "reconnecting".equals(s.get("state")) || "closed".equals(s.get("state")));
            }
            for (String ch : List.of("any", "wsonly")) {
                Map<String, Object> s = p.status(ch);
                assertEquals(0L, num(s, "opens"), ch + " opened cross-origin: " + s);
                assertEquals(null, s.get("id"), ch + " got a session cross-origin: " + s);
            }
            run.actualTransport = "none (refused)";
        });
    }

    /** Through the fault proxy, every connection is cut 20 times while 1,000 messages flow each way. */
    static void cut20(Run run) {
        FaultProxy proxy = run.net.fault;
        Page p = run.openApp(run.kind);
        p.connect("echo", "/echo", FAST);
        awaitTransport(run, p, "echo", run.kind);
        int total = 1000;
        long start = System.nanoTime();
        p.call("pump", "echo", "c-", total, 100, 2);
        long lastGot = 0;
        for (int i = 0; i < 20; i++) {
            long from = lastGot;
            Map<String, Object> s = p.await("progress before cut " + (i + 1), "echo", run.scaled(LONG),
                    st -> num(st, "got") >= Math.min(total, from + 20));
            lastGot = num(s, "got");
            if (lastGot >= total) {
                throw new AssertionError("all " + total + " messages flowed before cut " + (i + 1)
                        + ": the pump is too fast for this test");
            }
            proxy.cutAll();
        }
        Map<String, Object> s = p.await(total + " echoes after 20 cuts", "echo", run.scaled(LONG),
                st -> num(st, "got") >= total);
        double secs = (System.nanoTime() - start) / 1e9;
        assertInOrder(p.got("echo"), "c-", total);
        assertEquals(0L, num(s, "resets"), "no reset");
        String timeline = p.report();
        run.note(String.format("%d cuts, %d msgs each way in %.1fs, %d downgrades, %d upgrades", proxy.cuts(),
                total, secs, count(timeline, "websocket>long-polling"), count(timeline, "long-polling>websocket")));
        run.actualTransport = (String) s.get("transport");
    }

    /** Upgrades refused for a while, then healed: down to long-polling and back to websocket, nothing lost. */
    static void refuseThenHeal(Run run) {
        FaultProxy proxy = run.net.fault;
        Page p = run.openApp(run.kind);
        p.connect("echo", "/echo", FAST);
        awaitTransport(run, p, "echo", run.kind);
        int total = 300;
        p.call("pump", "echo", "r-", total, 20, 1);
        p.await("some traffic on websocket", "echo", run.scaled(SHORT), s -> num(s, "got") >= 20);
        proxy.mode(FaultProxy.Mode.REFUSE_UPGRADE);
        proxy.cutAll();
        Map<String, Object> down = p.await("downgrade to long-polling", "echo", run.scaled(SHORT),
                s -> "long-polling".equals(s.get("transport")) && "open".equals(s.get("state")));
        long atDown = num(down, "got");
        p.awaitTrue("two refused re-upgrades", run.scaled(SHORT), () -> proxy.upgradesRefused() >= 2);
        p.await("traffic on long-polling", "echo", run.scaled(SHORT), s -> num(s, "got") >= Math.min(total,
                atDown + 20));
        assertEquals("long-polling", p.transport("echo"));
        proxy.heal();
        p.await("back on websocket", "echo", Duration.ofSeconds(30), s -> "websocket".equals(s.get("transport")));
        Map<String, Object> s = p.await(total + " echoes", "echo", run.scaled(LONG), st -> num(st, "got") >= total);
        assertInOrder(p.got("echo"), "r-", total);
        assertEquals(0L, num(s, "resets"), "no reset");
        assertEquals("websocket", s.get("transport"));
        run.note(proxy.upgradesRefused() + " upgrades refused");
        run.actualTransport = "ws>lp>ws";
    }

    /** A proxy answers 101 and forwards nothing: the page falls back and still delivers. */
    static void fake101(Run run) {
        FaultProxy proxy = run.net.fault;
        proxy.mode(FaultProxy.Mode.FAKE_101);
        Page p = run.openApp(run.kind);
        // The yardstick first: the same round trip on long-polling alone, in the same page.
        p.connect("lp", "/echo", Map.of("transports", List.of("long-polling")));
        p.call("send", "lp", "baseline");
        Map<String, Object> baseline = p.await("first echo on long-polling alone", "lp", Duration.ofSeconds(30),
                s -> num(s, "got") >= 1);
        p.call("close", "lp");
        long t0 = System.nanoTime();
        p.connect("echo", "/echo", Map.of());
        p.call("send", "echo", "f-0");
        Map<String, Object> first = p.await("first echo", "echo", FIRST, s -> num(s, "got") >= 1);
        long firstMs = (System.nanoTime() - t0) / 1_000_000;
        p.awaitTrue("a fake 101 served", run.scaled(SHORT), () -> proxy.fake101s() >= 1);
        long t1 = System.nanoTime();
        p.call("send", "echo", "f-1");
        p.await("echo sent while the upgrade hangs", "echo", Duration.ofSeconds(30), s -> num(s, "got") >= 2);
        long stallMs = (System.nanoTime() - t1) / 1_000_000;
        p.awaitTrue("the tab to remember the failed upgrade", run.scaled(SHORT), () -> p.call("wsFailed",
                "/echo") != null);
        p.call("sendRange", "echo", "f-", 2, 20);
        Map<String, Object> s = p.await("20 echoes", "echo", run.scaled(SHORT), st -> num(st, "got") >= 20);
        assertInOrder(p.got("echo"), "f-", 20);
        assertEquals("long-polling", s.get("transport"));
        System.out.println(p.report());
        run.note("first message after " + firstMs + "ms (page-measured " + num(first, "firstAt")
                + "ms; long-polling alone " + num(baseline, "firstAt")
                + "ms); a message sent during the hung upgrade took " + stallMs + "ms");
        run.actualTransport = (String) s.get("transport");
    }

    /** Waits until the channel is on the transport {@code browser} must use on this network. */
    private static void awaitTransport(Run run, Page p, String name, BrowserKind browser) {
        String expected = run.expected(browser);
        if (expected.equals("websocket")) {
            p.await(name + " on websocket", name, run.scaled(SHORT), s -> "websocket".equals(s.get("transport")));
        } else {
            p.await(name + " open on long-polling", name, run.scaled(SHORT),
                    s -> "long-polling".equals(s.get("transport")) && "open".equals(s.get("state")));
            if (browser.hasWebSocket()) {
                // Proof that the upgrade was tried and failed: the tab remembers it.
                p.awaitTrue(name + ": a failed upgrade remembered by the tab", run.scaled(SHORT),
                        () -> p.call("wsFailed", "/" + name) != null);
            }
        }
    }

    /** The demo page's own channel (its {@code <html data-transport>}) must be on the expected transport too. */
    private static void assertPageTransport(Run run, Page p, String expected) {
        if (Run.isHtmlUnit(run.kind)) {
            p.open(run.base() + "/");
        }
        p.awaitTrue("the demo page's <html data-transport> to be " + expected, run.scaled(SHORT),
                () -> expected.equals(p.browser.evalString("document.documentElement.getAttribute('data-transport')")));
    }

    private static List<String> says(Page p) {
        List<String> texts = new ArrayList<>();
        for (Object o : p.topic("chat")) {
            if (o instanceof Map<?, ?> m && "say".equals(m.get("type"))) {
                texts.add(String.valueOf(m.get("text")));
            }
        }
        return texts;
    }

    /** Exactly prefix0..prefix(n-1): nothing lost, duplicated or reordered. */
    static void assertInOrder(List<?> got, String prefix, int n) {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(prefix + i);
        }
        List<String> actual = got.stream().map(String::valueOf).collect(Collectors.toList());
        if (!expected.equals(actual)) {
            throw new AssertionError("messages lost, duplicated or reordered: " + diff(expected, actual));
        }
    }

    private static String diff(List<String> expected, List<String> actual) {
        int i = 0;
        while (i < expected.size() && i < actual.size() && expected.get(i).equals(actual.get(i))) {
            i++;
        }
        return "got " + actual.size() + " of " + expected.size() + "; first difference at index " + i + ": expected "
                + (i < expected.size() ? expected.get(i) : "(end)") + ", got "
                + (i < actual.size() ? actual.subList(i, Math.min(actual.size(), i + 8)) : "(end)");
    }

    static long num(Map<String, Object> s, String field) {
        Object v = s.get(field);
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static long count(String text, String needle) {
        return text.split(java.util.regex.Pattern.quote(needle), -1).length - 1L;
    }
}
