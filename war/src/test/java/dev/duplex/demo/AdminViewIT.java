package dev.duplex.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.testkit.DemoDeployment;
import dev.duplex.testkit.ServerProcess;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.junit.jupiter.api.Test;

/**
 * The admin view in Chromium, against the executable WAR on localhost, which turns it on with a random token it
 * prints: without credentials the page is refused (401, nothing of the data shown); with the token (sent as the
 * page's Authorization header) it lists the live sessions of {@code /echo}: the demo page's on WebSocket and one
 * on long-polling in a page without WebSocket, whose fallback report is counted under its browser family.
 * Writes {@code admin.png} (1280x900) to {@code -Dduplex.screenshots} (target/screenshots); copy it to docs/.
 */
class AdminViewIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void refusedWithoutTheTokenShowsTheSessionsWithIt() throws Exception {
        Logger.getLogger("org.openqa.selenium.devtools").setLevel(Level.SEVERE);
        Path out = Path.of(System.getProperty("duplex.screenshots", "target/screenshots")).toAbsolutePath();
        Files.createDirectories(out);
        Path profile = Files.createTempDirectory("duplex-admin-chromium");
        try (ServerProcess war = DemoDeployment.STANDALONE.start()) {
            String token = war.awaitOutput(Pattern.compile("admin views .* password (\\S+)"), WAIT).group(1);
            String admin = war.base().resolve("/echo/admin/").toString();
            ChromeDriver driver = chromium(profile);
            try {
                WebDriverWait wait = new WebDriverWait(driver, WAIT);
                driver.get(admin);
                // Headless Chromium cannot show the Basic login prompt: it shows nothing. The status says why.
                assertEquals(401L, js(driver,
                        "return performance.getEntriesByType('navigation')[0].responseStatus"));
                String refused = (String) js(driver, "return document.body ? document.body.innerText : ''");
                assertTrue(!refused.contains("Live sessions") && !refused.contains("127.0.0.1"), refused);

                // Sessions to show: the demo page (WebSocket), and a channel in a page without WebSocket.
                driver.get(war.base().toString());
                wait.until(d -> "websocket".equals(js(d, "return document.documentElement.dataset.transport")));
                js(driver, "window.lp = Duplex.connect('echo', {WebSocket: null});"
                        + "window.lp.on('open', function () { window.lp.send('on long-polling'); });");
                wait.until(d -> "long-polling".equals(js(d, "return window.lp.transport")));
                driver.switchTo().newWindow(WindowType.TAB);
                driver.executeCdpCommand("Network.enable", Map.of());
                driver.executeCdpCommand("Network.setExtraHTTPHeaders",
                        Map.of("headers", Map.of("Authorization", "Bearer " + token)));
                driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 1280, "height", 900,
                        "deviceScaleFactor", 1, "mobile", false));
                driver.get(admin);
                wait.until(d -> ((Number) js(d, "return document.querySelectorAll('#sessions tr').length"))
                        .intValue() >= 3);
                String sessions = (String) js(driver, "return document.getElementById('sessions').innerText");
                assertTrue(sessions.contains("websocket") && sessions.contains("long-polling"), sessions);
                assertTrue(sessions.contains("127.0.0.1"), sessions);
                wait.until(d -> ((String) js(d, "return document.getElementById('fallbacks').innerText"))
                        .contains("no_websocket/chromium"));
                assertEquals("", js(driver, "return document.getElementById('status').textContent"));
                // A few samples of the transport mix, so its chart has a shape.
                wait.until(d -> ((Number) js(d, "return samples.length")).intValue() >= 3);
                byte[] png = driver.getScreenshotAs(OutputType.BYTES);
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
                assertEquals("1280x900", image.getWidth() + "x" + image.getHeight());
                Files.write(out.resolve("admin.png"), png);
            } finally {
                driver.quit();
            }
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static ChromeDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static Object js(org.openqa.selenium.WebDriver driver, String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }
}
