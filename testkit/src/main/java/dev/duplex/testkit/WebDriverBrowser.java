package dev.duplex.testkit;

import java.nio.file.Path;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.remote.service.DriverService;

/** A browser driven over classic WebDriver: Chromium, WebKitGTK and HtmlUnit. */
class WebDriverBrowser implements Browser {
    private final String name;
    private final WebDriver driver;
    private final DriverService service;
    private final Path profile;
    private boolean closed;

    WebDriverBrowser(String name, WebDriver driver, DriverService service, Path profile) {
        this.name = name;
        this.driver = driver;
        this.service = service;
        this.profile = profile;
    }

    @Override
    public void open(String url) {
        driver.get(url);
    }

    @Override
    public Object eval(String js) {
        try {
            Object text = ((JavascriptExecutor) driver).executeScript(
                    "var v = (" + js + "); return v === undefined ? null : JSON.stringify(v);");
            return Json.parse((String) text);
        } catch (WebDriverException e) {
            throw new BrowserException(name + ": script failed: " + firstLine(e.getMessage()) + "\n  script: " + js, e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            driver.quit();
        } catch (RuntimeException e) {
            System.err.println(name + ": quit failed: " + firstLine(e.getMessage()));
        }
        if (service != null) {
            try {
                service.stop();
            } catch (RuntimeException e) {
                System.err.println(name + ": driver stop failed: " + firstLine(e.getMessage()));
            }
        }
        Files2.deleteTree(profile);
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
