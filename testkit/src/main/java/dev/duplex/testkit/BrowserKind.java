package dev.duplex.testkit;

/** Every browser the suite drives, and how to start one. */
public enum BrowserKind {
    /** Chromium headless through /usr/bin/chromedriver. */
    CHROMIUM("chromium", true),
    /** Firefox ESR headless over WebDriver BiDi, no geckodriver. */
    FIREFOX("firefox", true),
    /** WebKitGTK's MiniBrowser through WebKitWebDriver, under an Xvfb the kit starts. */
    WEBKIT("webkitgtk", true),
    /** HtmlUnit with WebSocket enabled. */
    HTMLUNIT("htmlunit", true),
    /** HtmlUnit with WebSocket disabled: {@code window.WebSocket} is undefined. */
    HTMLUNIT_NO_WS("htmlunit-nows", false);

    private final String label;
    private final boolean webSocket;

    BrowserKind(String label, boolean webSocket) {
        this.label = label;
        this.webSocket = webSocket;
    }

    /** The name used in reports. */
    public String label() {
        return label;
    }

    /** Whether the browser has a WebSocket API at all. */
    public boolean hasWebSocket() {
        return webSocket;
    }

    /** Starts a fresh browser session with a fresh profile. */
    public Browser start() {
        return start(null);
    }

    /**
     * Starts a fresh browser session. {@code httpProxy} ({@code host:port}), when not {@code null}, is a forward
     * proxy for every request, loopback included; only Chromium supports it here.
     */
    public Browser start(String httpProxy) {
        if (httpProxy != null && this != CHROMIUM) {
            throw new IllegalArgumentException("a forward proxy is only wired for Chromium");
        }
        switch (this) {
            case CHROMIUM:
                return ChromiumBrowser.start(httpProxy);
            case FIREFOX:
                return FirefoxBidiBrowser.start();
            case WEBKIT:
                return WebKitBrowser.start();
            case HTMLUNIT:
                return HtmlUnitBrowser.start(true);
            case HTMLUNIT_NO_WS:
                return HtmlUnitBrowser.start(false);
            default:
                throw new IllegalStateException(name());
        }
    }
}
