package dev.duplex.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One Xvfb for the JVM, started on first use (it picks a free display itself) and stopped by a shutdown hook.
 * WebKitGTK's MiniBrowser has no headless mode; the JVM itself needs no display.
 */
public final class Xvfb {
    private static Process process;
    private static String display;

    private Xvfb() {
    }

    /** The display, e.g. {@code :99}, starting Xvfb if needed. */
    public static synchronized String display() {
        if (display != null && process.isAlive()) {
            return display;
        }
        try {
            process = new ProcessBuilder("/usr/bin/Xvfb", "-displayfd", "1", "-screen", "0", "1280x1024x24",
                    "-nolisten", "tcp").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.US_ASCII));
            String line = out.readLine();
            if (line == null) {
                throw new BrowserException("Xvfb exited before printing its display");
            }
            display = ":" + line.trim();
            Runtime.getRuntime().addShutdownHook(new Thread(Xvfb::stop, "xvfb-stop"));
            return display;
        } catch (IOException e) {
            throw new BrowserException("could not start Xvfb", e);
        }
    }

    /** Stops Xvfb if this class started it. */
    public static synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
            display = null;
        }
    }
}
