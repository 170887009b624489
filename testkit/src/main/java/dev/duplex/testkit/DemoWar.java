package dev.duplex.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The demo WAR running standalone: {@code java -jar duplex-demo.war --port=0}, as a child process. */
public final class DemoWar implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");
    private final Processes.Child child;
    private final int port;

    private DemoWar(Path war) {
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException("no WAR at " + war + " (build the war module first)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new Processes.Child(new ProcessBuilder(java, "-jar", war.toString(), "--port=0"),
                line -> URL.matcher(line).find());
        Matcher m = URL.matcher(child.awaitLine(60));
        m.find();
        port = Integer.parseInt(m.group(1));
    }

    /** Starts the WAR and returns once it prints its URL. */
    public static DemoWar start(Path war) {
        return new DemoWar(war);
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT} */
    public String origin() {
        return "http://127.0.0.1:" + port;
    }

    /** The last lines the server printed. */
    public String log() {
        return child.output();
    }

    @Override
    public void close() {
        child.close();
    }
}
