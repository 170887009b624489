package dev.duplex.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.testkit.DemoDeployment;
import dev.duplex.testkit.ServerProcess;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The README's screenshots: the executable WAR in headless Chromium, once the chat channel runs on WebSocket, the
 * ticker has rows and a chat message has come back. Writes {@code demo.png} (1280x900) and {@code demo-phone.png}
 * (390x844, mobile) to {@code -Dduplex.screenshots} (target/screenshots); copy them to docs/ by hand.
 */
class DemoScreenshotIT {
    private static final Logger DEVTOOLS = Logger.getLogger("org.openqa.selenium.devtools");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String MESSAGE = "Hello from Duplex!";

    @Test
    void screenshotsTheDemo() throws Exception {
        DEVTOOLS.setLevel(Level.SEVERE); // "no exact CDP match" warnings; executeCdpCommand does not need devtools
        Path out = Path.of(System.getProperty("duplex.screenshots", "target/screenshots")).toAbsolutePath();
        Files.createDirectories(out);
        assertTrue(Files.isExecutable(Path.of(CHROMEDRIVER)) && Files.isExecutable(Path.of(CHROMIUM)),
                "no Chromium; run: apt-get install -y chromium chromium-driver");
        Path profile = Files.createTempDirectory("duplex-chromium");
        try (ServerProcess war = DemoDeployment.STANDALONE.start()) {
            ChromeDriver driver = chromium(profile);
            try {
                viewport(driver, 1280, 900, false);
                driver.get(war.base().toString());
                try {
                    liven(driver);
                } catch (RuntimeException | AssertionError e) {
                    Files.write(out.resolve("failure.png"), driver.getScreenshotAs(OutputType.BYTES));
                    throw e;
                }
                save(driver, out.resolve("demo.png"), 1280, 900);

                viewport(driver, 390, 844, true);
                new WebDriverWait(driver, WAIT).until(d -> number(d, "document.documentElement.clientWidth") == 390);
                driver.executeScript("window.scrollTo(0, 0)");
                save(driver, out.resolve("demo-phone.png"), 390, 844);
            } finally {
                driver.quit();
            }
        } finally {
            delete(profile);
        }
    }

    /** Waits until the page shows what the README promises; the attributes are asserted, not just awaited. */
    private static void liven(ChromeDriver driver) {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.until(d -> "websocket".equals(attribute(d, "data-transport"))
                && "open".equals(attribute(d, "data-state")));
        wait.until(d -> number(d, "document.querySelectorAll('#quotes tr').length") > 0);

        driver.executeScript("var nick = document.getElementById('nick'); nick.value = 'ada';"
                + "document.getElementById('nick-form').requestSubmit();");
        wait.until(d -> text(d, "chat-members").contains("ada"));
        driver.executeScript("document.getElementById('say').value = arguments[0];"
                + "document.getElementById('say-form').requestSubmit();"
                + "document.getElementById('echo-text').value = '{\"hello\":\"world\"}';"
                + "document.getElementById('echo-form').requestSubmit();", MESSAGE);
        wait.until(d -> text(d, "chat-log").contains("ada" + MESSAGE));
        wait.until(d -> text(d, "echo-log").contains("{\"hello\":\"world\"}"));
        // A few seconds of prices, so the sparklines have a shape.
        wait.until(d -> number(d, "Number(document.getElementById('t-messages').textContent)") >= 12);

        assertEquals("websocket", attribute(driver, "data-transport"));
        assertEquals("open", attribute(driver, "data-state"));
        assertTrue(number(driver, "document.querySelectorAll('#quotes tr').length") > 0, "ticker rows");
    }

    private static ChromeDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** An exact CSS viewport, whatever the window manager of a headless browser makes of window sizes. */
    private static void viewport(ChromeDriver driver, int width, int height, boolean mobile) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", mobile));
    }

    private static void save(ChromeDriver driver, Path file, int width, int height) throws IOException {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(width + "x" + height, image.getWidth() + "x" + image.getHeight(), file.getFileName()::toString);
        Files.write(file, png);
    }

    private static String attribute(WebDriver driver, String name) {
        return (String) js(driver, "return document.documentElement.getAttribute(arguments[0])", name);
    }

    private static String text(WebDriver driver, String id) {
        return (String) js(driver, "return document.getElementById(arguments[0]).textContent", id);
    }

    private static long number(WebDriver driver, String expression) {
        return ((Number) js(driver, "return " + expression)).longValue();
    }

    private static Object js(WebDriver driver, String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
