package dev.duplex.testkit;

/**
 * One browser session, whatever drives it. Every implementation has the same four operations, so a scenario is
 * written once and runs on every browser. Always {@link #close()} it (try-with-resources): that stops the browser
 * and its driver and deletes its temporary profile, also after a failure.
 */
public interface Browser extends AutoCloseable {

    /** Navigates to {@code url} and returns once the page has loaded. */
    void open(String url);

    /**
     * Evaluates the JavaScript expression {@code js} in the page and returns its value, converted through JSON:
     * {@code null}, {@link Boolean}, {@link Double}, {@link String}, {@link java.util.List} or
     * {@link java.util.Map}. A thrown exception becomes a {@link BrowserException}.
     */
    Object eval(String js);

    /** A short name for reports, e.g. {@code chromium}. */
    String name();

    /**
     * Opens a new tab of this browser, in the same profile (so it shares cookies, storage and the connection pool
     * with every other tab), and returns it: {@link #open} and {@link #eval} on the result act in that tab, and its
     * {@link #close()} closes that tab only. The browser's own {@link #close()} closes every tab.
     *
     * @throws UnsupportedOperationException where the driver has no tabs
     */
    default Browser newTab() {
        throw new UnsupportedOperationException(name() + " opens no tabs here");
    }

    /** Stops the browser and its driver and deletes its profile. Never throws; safe to call twice. */
    @Override
    void close();

    /** Evaluates {@code js} and returns the value as a string ({@code null} stays {@code null}). */
    default String evalString(String js) {
        Object v = eval(js);
        if (v instanceof Double d && d == Math.rint(d)) {
            return Long.toString(d.longValue());
        }
        return v == null ? null : v.toString();
    }

    /** Evaluates {@code js} and returns it as a long (0 for {@code null}). */
    default long evalLong(String js) {
        Object v = eval(js);
        return v == null ? 0 : ((Number) v).longValue();
    }

    /** Evaluates {@code js} and returns it as a boolean (JavaScript truthiness of the JSON value). */
    default boolean evalBoolean(String js) {
        return Boolean.TRUE.equals(eval("!!(" + js + ")"));
    }
}
