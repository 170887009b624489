package dev.duplex.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Issue 16's Channel API in a real browser, on the demo's {@code /echo} mount (its handler answers requests with
 * themselves, asks the page on {@code {"askPage": q}}, and speaks the subprotocol {@code echo.v1}): binary both
 * ways, requests both ways (answered and refused) and the subprotocol chosen, each on WebSocket and on
 * long-polling; and a subprotocol the server does not speak, refused the way a browser WebSocket fails.
 */
final class ChannelApiScenarios {
    private static final Duration SHORT = Duration.ofSeconds(20);
    private static final List<String> OFFERED = List.of("superchat", "echo.v1");

    private ChannelApiScenarios() {
    }

    static void channelApi(Run run) {
        Page p = run.page(run.kind).openBare(run.base());
        p.connect("ws", "/echo", Map.of("protocols", OFFERED));
        p.connect("lp", "/echo", Map.of("protocols", OFFERED, "transports", List.of("long-polling")));
        p.await("WebSocket", "ws", SHORT, s -> "websocket".equals(s.get("transport")));
        p.await("long-polling", "lp", SHORT, s -> "long-polling".equals(s.get("transport")));
        for (String name : List.of("ws", "lp")) {
            exercise(p, name);
        }

        p.connect("refused", "/echo", Map.of("protocols", List.of("superchat")));
        p.await("the refusal", "refused", SHORT, s -> "closed".equals(s.get("state")));
        Map<String, Object> refused = api(p, "refused");
        assertTrue(String.valueOf(refused.get("errors")).contains("unsupported_protocol"), "refused: " + refused);
        run.note("echo.v1 chosen from [superchat, echo.v1] on both transports; [superchat] refused "
                + "(unsupported_protocol, then close)");
        run.actualTransport = "ws+lp";
    }

    /** Everything on one channel, in order: the answers arrive in the order asked (each awaited in turn). */
    private static void exercise(Page p, String name) {
        assertEquals("echo.v1", api(p, name).get("protocol"), name + ": the subprotocol the server chose");

        p.call("sendBytes", name, List.of(0, 1, 2, 255));
        awaitGot(p, name, "binary echo", "{bytes=0,1,2,255}");

        p.call("request", name, "hello", 10_000, false);
        assertEquals("{answer=hello}", answer(p, name, 1));
        p.call("request", name, List.of(7, 8, 9), 10_000, true);
        assertEquals("{answer={bytes=7,8,9}}", answer(p, name, 2),
                name + ": a binary request answered in binary");

        p.call("answerRequests", name);
        p.call("send", name, Map.of("askPage", "ready?"));
        awaitGot(p, name, "the server's request answered by the page", "{answered=page says ready?}");
        p.call("send", name, Map.of("askPage", "no"));
        awaitGot(p, name, "the page's refusal reaching the server", "{refused=denied}");
        assertEquals(name.equals("ws") ? "websocket" : "long-polling", api(p, name).get("transport"),
                name + ": no switch hid a failure");
        assertEquals(List.of(), api(p, name).get("errors"), name + ": no errors");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> api(Page p, String name) {
        return (Map<String, Object>) p.call("api", name);
    }

    private static void awaitGot(Page p, String name, String what, String expected) {
        try {
            p.awaitTrue(name + ": " + what, SHORT, () -> got(p, name).contains(expected));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; expected " + expected + " among " + got(p, name), e);
        }
    }

    /** What the channel received, each as its {@code toString}. */
    @SuppressWarnings("unchecked")
    private static List<String> got(Page p, String name) {
        return ((List<Object>) api(p, name).get("got")).stream().map(String::valueOf).toList();
    }

    @SuppressWarnings("unchecked")
    private static String answer(Page p, String name, int count) {
        p.awaitTrue(name + ": answer " + count, SHORT, () -> ((List<Object>) api(p, name).get("answers")).size()
                >= count);
        return String.valueOf(((List<Object>) api(p, name).get("answers")).get(count - 1));
    }
}
