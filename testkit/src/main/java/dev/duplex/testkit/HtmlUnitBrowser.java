package dev.duplex.testkit;

import org.htmlunit.BrowserVersion;
import org.htmlunit.WebClient;
import org.openqa.selenium.htmlunit.HtmlUnitDriver;

/** HtmlUnit, with or without a WebSocket API ({@code window.WebSocket} undefined). */
final class HtmlUnitBrowser {
    private HtmlUnitBrowser() {
    }

    static Browser start(boolean webSocket) {
        FairXhrJobs.install();
        HtmlUnitDriver driver = new HtmlUnitDriver(BrowserVersion.FIREFOX, true) {
            @Override
            protected WebClient modifyWebClient(WebClient client) {
                client.getOptions().setWebSocketEnabled(webSocket);
                client.getOptions().setUseInsecureSSL(true);
                client.getOptions().setThrowExceptionOnScriptError(false);
                return client;
            }
        };
        return new WebDriverBrowser(webSocket ? "htmlunit" : "htmlunit-nows", driver, null, null);
    }
}
