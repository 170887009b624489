package dev.duplex.e2e;

import static dev.duplex.e2e.Scenarios.assertInOrder;
import static dev.duplex.e2e.Scenarios.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.testkit.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Issue 13 in real browsers: the mistakes users make get a clear answer in the page. Each scenario runs both
 * transports side by side in one page (a channel restricted to each), which halves the browser time.
 */
final class MistakeScenarios {
    private static final Duration SHORT = Duration.ofSeconds(20);
    private static final List<String> TRANSPORTS = List.of("websocket", "long-polling");
    /** Over the demo's maxMessageChars (65,536 on /echo). */
    private static final int BIG = 100_000;
    /** A retry loop with these options would make ten or more requests a second. */
    private static final Map<String, Object> EAGER = Map.of("reconnectMin", 50, "reconnectMax", 100, "debug", true);

    private MistakeScenarios() {
    }

    private static String name(String transport) {
        return transport.equals("websocket") ? "ws" : "lp";
    }

    private static Map<String, Object> only(String transport) {
        return Map.of("transports", List.of(transport));
    }

    /**
     * A 100 KB send on each transport. Sent before the handshake, when the client cannot know the limit, the
     * server refuses that frame alone (an error frame with its ref) and the session goes on; sent once the limit
     * is known, the client refuses it at once (send() is false). Either way an error event says too_large, the
     * transport is never lost, and later sends arrive in order.
     */
    static void tooLarge(Run run) {
        Page p = run.openApp(run.kind);
        for (String t : TRANSPORTS) {
            // One script: the 100 KB send is queued before the handshake's answer can arrive.
            String n = Json.write(name(t));
            p.browser.eval("__e2e.open(" + n + ", '/echo', " + Json.write(only(t)) + ") && __e2e.sendBig(" + n + ", "
                    + BIG + ")");
        }
        for (String t : TRANSPORTS) {
            String n = name(t);
            p.await(n + " open on " + t, n, SHORT, s -> t.equals(s.get("transport")) && "open".equals(s.get("state")));
            p.await(n + ": the server's too_large for the early send", n, SHORT, s -> num(s, "errors") >= 1);
            assertEquals(Boolean.FALSE, p.call("sendBig", n, BIG), n + ": a 100 KB send once the limit is known");
            p.call("sendRange", n, "after-", 0, 10);
        }
        for (String t : TRANSPORTS) {
            String n = name(t);
            Map<String, Object> s = p.await(n + ": 10 later echoes", n, SHORT, st -> num(st, "got") >= 10);
            assertInOrder(p.got(n), "after-", 10);
            List<Map<String, Object>> errors = errors(p, n);
            assertEquals(2, errors.size(), n + " errors: " + errors);
            assertEquals("too_large", errors.get(0).get("code"), n + ": the server's refusal");
            assertTrue(errors.get(0).get("ref") instanceof Number, n + ": the server's refusal names its frame: "
                    + errors);
            assertEquals("too_large", errors.get(1).get("code"), n + ": the client's refusal");
            assertEquals(t, s.get("transport"));
            assertEquals(1L, num(s, "transports"), n + ": the transport was never lost");
            assertEquals(0L, num(s, "resumes"), n + ": no reconnect");
            assertEquals("open", s.get("state"));
        }
        run.actualTransport = "websocket + long-polling";
    }

    /**
     * A wrong mount: an error event with not_found, closed with that reason, and no request after it. In the same
     * page, Duplex.WebSocket on a wrong mount fires error, then close (not clean), as a browser WebSocket does; and
     * a ws:// URL to the right mount opens, echoes, and says which transport carries it.
     */
    static void wrongMount(Run run) {
        Page p = run.openApp(run.kind);
        p.browser.eval("performance.setResourceTimingBufferSize(100000), true");
        p.connect("wrong", "/no-such-mount", EAGER);
        String wsBase = run.base().replaceFirst("^http", "ws");
        p.call("openWs", "bad", wsBase + "/no-such-mount/", EAGER);
        p.call("openWs", "good", wsBase + "/echo", Map.of());
        Map<String, Object> s = p.await("the channel to close", "wrong", SHORT, st -> "closed".equals(st.get("state")));
        List<Map<String, Object>> errors = errors(p, "wrong");
        assertEquals(1, errors.size(), "errors: " + errors);
        assertEquals("not_found", errors.get(0).get("code"));
        Map<String, Object> close = closes(p, "wrong").get(0);
        assertEquals(List.of(4404L, "not_found"), List.of(num(close, "code"), close.get("reason")), "close: " + close);
        assertEquals(0L, num(s, "opens"));
        webSocketApi(run, p);
        watchTwoSeconds(p);
        assertEquals(2L, p.browser.evalLong("__e2e.requests('/no-such-mount/')"),
                "requests to the wrong mount: one handshake for the channel, one for the Duplex.WebSocket");
    }

    /**
     * A page of another origin: an error event with forbidden_origin, closed, and no retry. The browser shows the
     * page the refusal only if the server's 403 carries CORS headers for that origin (a refusal body is no secret).
     */
    static void foreignOrigin(Run run) {
        String app = run.app.origin();
        Scenarios.onForeignPage(run, p -> {
            p.browser.eval("performance.setResourceTimingBufferSize(100000), true");
            p.connect("foreign", app + "/echo", EAGER);
            Map<String, Object> s = p.await("the channel to close", "foreign", SHORT,
                    st -> "closed".equals(st.get("state")));
            List<Map<String, Object>> errors = errors(p, "foreign");
            assertEquals("forbidden_origin", errors.get(0).get("code"), "errors: " + errors);
            assertEquals("forbidden_origin", closes(p, "foreign").get(0).get("reason"));
            assertEquals(0L, num(s, "opens"));
            watchTwoSeconds(p);
            assertEquals(1L, p.browser.evalLong("__e2e.requests('/echo/')"), "requests from the foreign page");
            run.actualTransport = "none (refused)";
        });
    }

    /** Duplex.WebSocket "bad" (a wrong mount) and "good" (ws:// to /echo), opened by {@link #wrongMount}. */
    private static void webSocketApi(Run run, Page p) {
        p.awaitTrue("the bad one to close", SHORT,
                () -> p.browser.evalBoolean("__e2e.wsEvents('bad').readyState == 3"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = (List<Map<String, Object>>) wsEvents(p, "bad").get("events");
        assertEquals(2, events.size(), "events: " + events);
        Map<String, Object> error = events.get(0);
        Map<String, Object> close = events.get(1);
        assertEquals(List.of("error", "not_found", 0L), List.of(error.get("type"), error.get("code"),
                num(error, "readyState")), "first the error: " + events);
        assertEquals(List.of("close", 4404L, "not_found", false, 3L), List.of(close.get("type"), num(close, "code"),
                close.get("reason"), close.get("wasClean"), num(close, "readyState")), "then the close: " + events);
        p.awaitTrue("the good one on websocket", SHORT,
                () -> "websocket".equals(wsEvents(p, "good").get("transport")));
        p.call("wsSend", "good", "over ws://");
        p.awaitTrue("the echo", SHORT, () -> !((List<?>) wsEvents(p, "good").get("got")).isEmpty());
        assertEquals(List.of("over ws://"), wsEvents(p, "good").get("got"));
        run.actualTransport = (String) wsEvents(p, "good").get("transport");
    }

    /**
     * A page sending 2,000 messages/s for 20 s on each transport (both at once, one channel each), twice the
     * server's per-session cap: the server slows it down instead of cutting it. No transport is lost, every
     * accepted message comes back once and in order, and the page sees the pressure (pressure events,
     * bufferedAmount, send() false once the queue is full).
     */
    static void flood(Run run) {
        Page p = run.openApp(run.kind);
        for (String t : TRANSPORTS) {
            p.connect(name(t), "/echo", only(t));
        }
        for (String t : TRANSPORTS) {
            p.await(name(t) + " open on " + t, name(t), SHORT,
                    s -> t.equals(s.get("transport")) && "open".equals(s.get("state")));
        }
        long t0 = System.nanoTime();
        for (String t : TRANSPORTS) {
            p.call("flood", name(t), "f-", 2000, 20);
        }
        StringBuilder note = new StringBuilder();
        for (String t : TRANSPORTS) {
            String n = name(t);
            p.await(n + ": the 20 s flood to end", n, Duration.ofSeconds(40),
                    s -> Boolean.TRUE.equals(s.get("floodDone")));
            Map<String, Object> s = p.await(n + ": every accepted message echoed", n, Duration.ofSeconds(30),
                    st -> num(st, "got") >= num(st, "sent") && num(st, "buffered") == 0);
            assertInOrder(p.got(n), "f-", (int) num(s, "sent"));
            assertEquals(t, s.get("transport"));
            assertEquals(1L, num(s, "transports"), n + ": the transport was never lost: " + p.report());
            assertEquals(1L, num(s, "states"), n + ": never left open: " + p.report());
            assertEquals(0L, num(s, "resets"));
            assertTrue(num(s, "pressures") > 0, n + ": no pressure event: " + s);
            assertTrue(num(s, "maxBuffered") > 0, n + ": bufferedAmount never grew: " + s);
            assertFalse(errors(p, n).stream().anyMatch(e -> !"queue_full".equals(e.get("code"))),
                    n + ": errors other than queue_full: " + errors(p, n));
            note.append(String.format("%s: %d accepted of %d offered in %.0fs, %d refused sends, %d pressure events, "
                    + "max bufferedAmount %d; ", t, num(s, "sent"), 2000L * 20, (System.nanoTime() - t0) / 1e9,
                    num(s, "refused"), num(s, "pressures"), num(s, "maxBuffered")));
        }
        run.note(note.toString());
        run.actualTransport = "websocket + long-polling";
    }

    /** Gives a retry loop (with {@link #EAGER} backoff) two seconds to show itself, measured by the page. */
    private static void watchTwoSeconds(Page p) {
        p.browser.eval("window.__watched = false, setTimeout(function () { window.__watched = true; }, 2000), true");
        p.awaitTrue("two seconds of watching", SHORT, () -> p.browser.evalBoolean("window.__watched"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> errors(Page p, String name) {
        return (List<Map<String, Object>>) p.call("errors", name);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> closes(Page p, String name) {
        return (List<Map<String, Object>>) p.call("closes", name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> wsEvents(Page p, String name) {
        return (Map<String, Object>) p.call("wsEvents", name);
    }
}
