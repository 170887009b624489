package dev.duplex.bayeux.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.bayeux.testing.BayeuxServer;
import dev.duplex.bayeux.testing.ChatHandler;
import dev.duplex.testkit.Browser;
import dev.duplex.testkit.BrowserKind;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Unmodified cometd.js 9 from npm in a page in headless Chromium: lifecycle and remoteCall. */
class BrowserTest {
    private static BayeuxServer server;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        server = new BayeuxServer(new ChatHandler());
        browser = BrowserKind.CHROMIUM.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"long-polling", "websocket"})
    void cometdJsPageLifecycle(String transport) throws Exception {
        browser.open(server.origin() + "/src/test/browser/cometd-page.html?transport=" + transport);
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!browser.evalBoolean("window.done") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<String> trace = Arrays.asList(browser.evalString("(window.trace || []).join('\\n')").split("\n"));
        assertEquals(List.of(
                "handshake true " + transport,
                "subscribe true",
                "publish true",
                "publish true",
                "publish true",
                "received 1,2,3",
                "echo true {\"n\":7}",
                "disconnect true"), trace);
    }
}
