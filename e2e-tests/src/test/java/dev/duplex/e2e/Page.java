package dev.duplex.e2e;

import dev.duplex.testkit.Browser;
import dev.duplex.testkit.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.support.ui.FluentWait;

/** A browser page with the recording harness injected, and condition waits on it. Never sleeps blindly. */
final class Page {
    private static final String HARNESS = load("harness.js");

    final Browser browser;

    Page(Browser browser) {
        this.browser = browser;
    }

    /** Opens {@code url} (a page that loads duplex.js, e.g. the demo page) and injects the harness. */
    Page open(String url) {
        browser.open(url);
        browser.eval(HARNESS);
        return this;
    }

    /**
     * Opens a page of the app's origin that runs nothing (its 404 page), loads {@code /duplex.js} into it and
     * injects the harness: the scenario's channels are then the only ones on the page.
     */
    Page openBare(String base) {
        browser.open(base + "/e2e-bare-page");
        browser.eval("(function () { var s = document.createElement('script'); s.src = '/duplex.js';"
                + " (document.head || document.documentElement).appendChild(s); return true; })()");
        awaitTrue("duplex.js to load", Duration.ofSeconds(20),
                () -> browser.evalBoolean("typeof Duplex != 'undefined'"));
        browser.eval(HARNESS);
        return this;
    }

    /** Opens a channel named {@code name} on mount {@code url} with client options {@code options}. */
    void connect(String name, String url, Map<String, Object> options) {
        browser.eval("__e2e.open(" + Json.write(name) + ", " + Json.write(url) + ", " + Json.write(options) + ")");
    }

    /** The channel's status: transport, state, counts, the page's data-transport. */
    @SuppressWarnings("unchecked")
    Map<String, Object> status(String name) {
        return (Map<String, Object>) browser.eval("__e2e.status(" + Json.write(name) + ")");
    }

    String transport(String name) {
        return (String) status(name).get("transport");
    }

    long count(String name, String field) {
        Object v = status(name).get(field);
        return v == null ? 0 : ((Number) v).longValue();
    }

    @SuppressWarnings("unchecked")
    List<Object> got(String name) {
        return (List<Object>) browser.eval("__e2e.got(" + Json.write(name) + ")");
    }

    @SuppressWarnings("unchecked")
    List<Object> topic(String name) {
        return (List<Object>) browser.eval("__e2e.topic(" + Json.write(name) + ")");
    }

    Object call(String function, Object... args) {
        StringBuilder sb = new StringBuilder("__e2e.").append(function).append('(');
        for (int i = 0; i < args.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(Json.write(args[i]));
        }
        return browser.eval(sb.append(')').toString());
    }

    /** Waits up to {@code timeout} until {@code condition} holds on a fresh status of channel {@code name}. */
    Map<String, Object> await(String what, String name, Duration timeout, Predicate<Map<String, Object>> condition) {
        AtomicReference<Map<String, Object>> last = new AtomicReference<>();
        try {
            new FluentWait<>(this).withTimeout(timeout).pollingEvery(Duration.ofMillis(100))
                    .until(p -> {
                        last.set(p.status(name));
                        return condition.test(last.get());
                    });
            return last.get();
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + timeout.toSeconds() + "s waiting for " + what
                    + "; last status " + last.get());
        }
    }

    /** Waits for any condition on the page. */
    void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
        try {
            new FluentWait<>(this).withTimeout(timeout).pollingEvery(Duration.ofMillis(100))
                    .until(p -> condition.getAsBoolean());
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + timeout.toSeconds() + "s waiting for " + what);
        }
    }

    /** Every channel's timeline and last messages, and the page's attributes; never throws. */
    String report() {
        try {
            return (String) browser.eval("window.__e2e ? __e2e.report() : 'no harness on the page'");
        } catch (RuntimeException e) {
            return "(no report: " + e.getMessage() + ")";
        }
    }

    private static String load(String resource) {
        try (InputStream in = Page.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
