package dev.duplex.testkit;

import java.io.File;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Chromium headless, through Debian's /usr/bin/chromedriver (so Selenium Manager never runs). */
final class ChromiumBrowser {
    private ChromiumBrowser() {
    }

    static Browser start(String httpProxy) {
        Logger.getLogger("org.openqa.selenium.devtools").setLevel(Level.SEVERE);
        Logger.getLogger("org.openqa.selenium.chromium").setLevel(Level.SEVERE);
        Path profile = Files2.tempDir("e2e-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--no-first-run", "--no-default-browser-check", "--ignore-certificate-errors",
                "--user-data-dir=" + profile);
        if (httpProxy != null) {
            options.addArguments("--proxy-server=http://" + httpProxy, "--proxy-bypass-list=<-loopback>");
        }
        String netLog = System.getProperty("e2e.chromium.netlog");
        if (netLog != null) {
            // Diagnosis only: Chromium's own record of every socket, pool wait and stream.
            options.addArguments("--log-net-log=" + netLog, "--net-log-capture-mode=Default");
        }
        options.setAcceptInsecureCerts(true);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        try {
            return new WebDriverBrowser("chromium", new ChromeDriver(service, options),
                    service, profile);
        } catch (RuntimeException e) {
            service.stop();
            Files2.deleteTree(profile);
            throw new BrowserException("chromium did not start", e);
        }
    }
}
