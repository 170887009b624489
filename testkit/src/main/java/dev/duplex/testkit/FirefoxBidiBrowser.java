package dev.duplex.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.bidi.BiDi;
import org.openqa.selenium.bidi.Command;
import org.openqa.selenium.bidi.Connection;
import org.openqa.selenium.remote.http.ClientConfig;
import org.openqa.selenium.remote.http.HttpClient;

/**
 * Firefox ESR headless, driven over its built-in WebDriver BiDi server with selenium-java's own BiDi classes:
 * no geckodriver. Navigation and {@code script.evaluate} are all the scenarios need.
 */
final class FirefoxBidiBrowser implements Browser {
    private static final Pattern LISTENING = Pattern.compile("WebDriver BiDi listening on (ws://\\S+)");
    private static final String USER_JS = String.join("\n",
            "user_pref(\"app.update.enabled\", false);",
            "user_pref(\"browser.shell.checkDefaultBrowser\", false);",
            "user_pref(\"datareporting.policy.dataSubmissionEnabled\", false);",
            "user_pref(\"toolkit.telemetry.enabled\", false);",
            "user_pref(\"services.settings.server\", \"http://127.0.0.1:9/\");",
            "user_pref(\"network.captive-portal-service.enabled\", false);",
            "user_pref(\"network.connectivity-service.enabled\", false);",
            "user_pref(\"browser.safebrowsing.malware.enabled\", false);",
            "user_pref(\"browser.safebrowsing.phishing.enabled\", false);",
            "user_pref(\"extensions.update.enabled\", false);",
            "");

    private final Process process;
    private final Path profile;
    private final BiDi bidi;
    private final String context;
    /** Whether this is a tab opened by {@link #newTab()}: closing it closes that context only. */
    private final boolean tab;
    private boolean closed;

    private FirefoxBidiBrowser(Process process, Path profile, BiDi bidi, String context, boolean tab) {
        this.process = process;
        this.profile = profile;
        this.bidi = bidi;
        this.context = context;
        this.tab = tab;
    }

    @Override
    public Browser newTab() {
        String created = (String) send(bidi, "browsingContext.create", Map.of("type", "tab")).get("context");
        return new FirefoxBidiBrowser(process, profile, bidi, created, true);
    }

    static Browser start() {
        Path profile = Files2.tempDir("e2e-firefox-");
        Process p = null;
        try {
            Files.writeString(profile.resolve("user.js"), USER_JS);
            p = new ProcessBuilder("/usr/bin/firefox-esr", "--headless", "--no-remote", "--profile",
                    profile.toString(), "--remote-debugging-port=0", "about:blank").redirectErrorStream(true).start();
            String ws = readEndpoint(p);
            String url = ws + "/session";
            HttpClient client = HttpClient.Factory.createDefault()
                    .createClient(ClientConfig.defaultConfig().baseUri(URI.create(url)));
            BiDi bidi = new BiDi(new Connection(client, url), Duration.ofSeconds(30));
            send(bidi, "session.new", Map.of("capabilities", Map.of("alwaysMatch", Map.of("acceptInsecureCerts",
                    true))));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> contexts = (List<Map<String, Object>>) send(bidi, "browsingContext.getTree",
                    Map.of()).get("contexts");
            return new FirefoxBidiBrowser(p, profile, bidi, (String) contexts.get(0).get("context"), false);
        } catch (IOException | RuntimeException e) {
            if (p != null) {
                p.destroyForcibly();
            }
            Files2.deleteTree(profile);
            throw new BrowserException("firefox did not start", e);
        }
    }

    /** Reads Firefox's output until it names its BiDi endpoint, then keeps draining it on a daemon thread. */
    private static String readEndpoint(Process p) {
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        endpoint.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                endpoint.completeExceptionally(e);
            }
            endpoint.completeExceptionally(new BrowserException("firefox exited before its BiDi server listened"));
        }, "firefox-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return endpoint.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrowserException("interrupted");
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new BrowserException("no BiDi endpoint from firefox", e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<String, Object> send(BiDi bidi, String method, Map<String, Object> params) {
        return (Map<String, Object>) bidi.send(new Command<Map>(method, params, Map.class));
    }

    @Override
    public void open(String url) {
        send(bidi, "browsingContext.navigate", Map.of("context", context, "url", url, "wait", "complete"));
    }

    @Override
    public Object eval(String js) {
        Map<String, Object> res = send(bidi, "script.evaluate", Map.of(
                "expression", "(function () { var v = (" + js + "); return v === undefined ? null : JSON.stringify(v);"
                        + " })()",
                "target", Map.of("context", context), "awaitPromise", false, "resultOwnership", "none"));
        if (!"success".equals(res.get("type"))) {
            throw new BrowserException("firefox: script failed: " + res.get("exceptionDetails") + "\n  script: " + js);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) res.get("result");
        return "string".equals(result.get("type")) ? Json.parse((String) result.get("value")) : null;
    }

    @Override
    public String name() {
        return "firefox";
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (tab) {
            try {
                send(bidi, "browsingContext.close", Map.of("context", context));
            } catch (RuntimeException e) {
                System.err.println("firefox: tab close failed: " + e.getMessage());
            }
            return;
        }
        try {
            bidi.close();
        } catch (RuntimeException e) {
            System.err.println("firefox: BiDi close failed: " + e.getMessage());
        }
        Processes.stop(process);
        Files2.deleteTree(profile);
    }
}
