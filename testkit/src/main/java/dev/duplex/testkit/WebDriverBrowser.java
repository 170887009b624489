package dev.duplex.testkit;

import java.nio.file.Path;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.remote.service.DriverService;

/** A browser driven over classic WebDriver: Chromium, WebKitGTK and HtmlUnit. */
class WebDriverBrowser implements Browser {
    private final String name;
    private final WebDriver driver;
    private final DriverService service;
    private final Path profile;
    /** The window this object drives; null until a second tab exists (then every call switches to it first). */
    private String handle;
    /** The browser that owns the driver: this one, or the browser a tab was opened in. */
    private final WebDriverBrowser owner;
    private boolean closed;

    WebDriverBrowser(String name, WebDriver driver, DriverService service, Path profile) {
        this.name = name;
        this.driver = driver;
        this.service = service;
        this.profile = profile;
        this.owner = this;
    }

    private WebDriverBrowser(WebDriverBrowser owner, String handle) {
        this.name = owner.name + "-tab";
        this.driver = owner.driver;
        this.service = null;
        this.profile = null;
        this.owner = owner;
        this.handle = handle;
    }

    @Override
    public Browser newTab() {
        synchronized (owner) {
            if (owner.handle == null) {
                owner.handle = driver.getWindowHandle();
            }
            driver.switchTo().newWindow(WindowType.TAB);
            return new WebDriverBrowser(owner, driver.getWindowHandle());
        }
    }

    /** Makes this object's window the driver's current one, when there are several. */
    private void select() {
        if (handle != null && !handle.equals(driver.getWindowHandle())) {
            driver.switchTo().window(handle);
        }
    }

    @Override
    public void open(String url) {
        synchronized (owner) {
            select();
            driver.get(url);
        }
    }

    @Override
    public Object eval(String js) {
        try {
            Object text;
            synchronized (owner) {
                select();
                text = ((JavascriptExecutor) driver).executeScript(
                        "var v = (" + js + "); return v === undefined ? null : JSON.stringify(v);");
            }
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
        if (owner != this) {
            synchronized (owner) {
                try {
                    select();
                    driver.close();
                } catch (RuntimeException e) {
                    System.err.println(name + ": tab close failed: " + firstLine(e.getMessage()));
                }
            }
            return;
        }
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
