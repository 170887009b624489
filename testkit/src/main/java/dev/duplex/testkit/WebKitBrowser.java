package dev.duplex.testkit;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.MutableCapabilities;
import org.openqa.selenium.net.PortProber;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.remote.service.DriverService;

/** WebKitGTK's MiniBrowser through WebKitWebDriver (selenium-java has no WebKitGTK classes), under Xvfb. */
final class WebKitBrowser {
    private static final String MINI_BROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

    private WebKitBrowser() {
    }

    static Browser start() {
        String display = Xvfb.display();
        Service service;
        try {
            service = new Service(new File("/usr/bin/WebKitWebDriver"), PortProber.findFreePort(),
                    Map.of("DISPLAY", display));
            service.start();
        } catch (IOException e) {
            throw new BrowserException("WebKitWebDriver did not start", e);
        }
        MutableCapabilities caps = new MutableCapabilities();
        caps.setCapability("webkitgtk:browserOptions", Map.of("binary", MINI_BROWSER, "args", List.of("--automation")));
        caps.setCapability("acceptInsecureCerts", true);
        try {
            return new WebDriverBrowser("webkitgtk", new RemoteWebDriver(service.getUrl(), caps), service, null);
        } catch (RuntimeException e) {
            service.stop();
            throw new BrowserException("webkitgtk did not start", e);
        }
    }

    /** Starts /usr/bin/WebKitWebDriver --port=N and waits for its /status. */
    static final class Service extends DriverService {
        Service(File exe, int port, Map<String, String> env) throws IOException {
            super(exe, port, Duration.ofSeconds(20), List.of("--port=" + port), env);
        }

        @Override
        public String getDriverProperty() {
            return "webdriver.webkitgtk.driver";
        }

        @Override
        protected String getDriverEnvironmentVariable() {
            return "WEBKITGTK_DRIVER";
        }

        @Override
        protected boolean hasShutdownEndpoint() {
            return false;
        }
    }
}
