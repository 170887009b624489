package dev.duplex.demo.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.logging.Logger;

/**
 * {@code java -jar duplex-demo.war [--port=N] [--host=H] [--<duplex-option>=V ...]}: runs the WAR on an
 * embedded Jetty. Every Duplex server option has a flag ({@link ServerOptions}; {@code --help} lists them).
 *
 * <p>This class sits at the WAR root, where no servlet container looks, and uses only the JDK. It extracts
 * the Jetty jars from {@value #LIB} (also outside {@code WEB-INF}) to a temporary directory, builds a class
 * loader over them and the WAR, and hands over to {@code EmbeddedJetty} in that loader. The web
 * application itself then loads from {@code WEB-INF} like in any other container, and never sees Jetty.
 */
public final class Main {
    /** Where in the WAR the launcher's jars are. */
    static final String LIB = "launcher/lib/";
    /** Where in the WAR the cluster module's jars are, added to the webapp's class path for a cluster. */
    static final String REDIS_LIB = "launcher/redis/";
    /** The context init-param that names a cluster URI for every mount (see docs/cluster.md). */
    private static final String NODE_PARAMETER = "dev.duplex.node";
    private static final String CLUSTER_PARAMETER = "dev.duplex.cluster";
    private static final int DEFAULT_PORT = 8080;
    private static final String DEFAULT_HOST = "127.0.0.1";

    private Main() {
    }

    /**
     * Parses the arguments and starts the server; returns once it has stopped.
     *
     * @param args {@code --port=N} (default 8080; 0 picks a free port), {@code --host=H} (default 127.0.0.1;
     *             0.0.0.0 for every interface), {@code --<option>=V} for each Duplex server option,
     *             {@code --redis=URI} (one node of a cluster over Redis), {@code --node=NAME} (a response header
     *             {@code X-Duplex-Node} names this node), {@code --help}
     */
    public static void main(String[] args) throws Exception {
        installStopLogging(); // first: before anything logs
        int port = DEFAULT_PORT;
        String host = DEFAULT_HOST;
        Map<String, String> options = new LinkedHashMap<>();
        String node = "";
        for (String arg : args) {
            int equals = arg.indexOf('=');
            String option = arg.startsWith("--") && equals > 2
                    ? ServerOptions.option(arg.substring(2, equals)) : null;
            if (arg.startsWith("--port=")) {
                port = parsePort(arg.substring("--port=".length()));
            } else if (arg.startsWith("--host=")) {
                host = arg.substring("--host=".length());
            } else if (arg.startsWith("--redis=")) {
                // One node of a cluster: every mount's topics over Redis (docs/cluster.md).
                options.put(CLUSTER_PARAMETER, arg.substring("--redis=".length()));
            } else if (arg.startsWith("--node=")) {
                node = arg.substring("--node=".length());
                // The mounts name themselves in X-Duplex-Node too, and a cluster names its sessions after it.
                options.put(NODE_PARAMETER, node);
            } else if (option != null) {
                options.put(ServerOptions.PREFIX + option, arg.substring(equals + 1));
            } else if (arg.equals("--help") || arg.equals("-h")) {
                usage(0);
            } else {
                System.err.println("unknown argument: " + arg);
                usage(2);
            }
        }
        AdminAccess.forLoopback(host, options);
        Path war = locateWar();
        Path lib = extractLibraries(war, LIB);
        String webappExtras = "";
        if (options.containsKey(CLUSTER_PARAMETER) || options.containsKey(ServerOptions.PREFIX + "cluster")) {
            try (var jars = Files.list(extractLibraries(war, REDIS_LIB))) {
                webappExtras = String.join(",", jars.sorted().map(Path::toString).toList());
            }
        }
        List<URL> urls = new ArrayList<>();
        urls.add(war.toUri().toURL());
        try (var jars = Files.list(lib)) {
            for (Path jar : (Iterable<Path>) jars.sorted()::iterator) {
                urls.add(jar.toUri().toURL());
            }
        }
        // The platform loader as parent: the application class path (the WAR) must not shadow this loader's
        // copy of the launcher classes, which resolve Jetty from the extracted jars.
        ClassLoader loader = new URLClassLoader("duplex-launcher", urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Class.forName("dev.duplex.demo.launcher.EmbeddedJetty", true, loader)
                    .getMethod("run", Path.class, String.class, int.class, Map.class, String.class, String.class,
                            Runnable.class)
                    .invoke(null, war, host, port, options, node, webappExtras, (Runnable) StopLogging::stopped);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /**
     * Makes {@link StopLogging} the JVM's log manager, unless the command line names another. By name: loading the
     * class would initialize {@code LogManager}, which reads the property, before it is set.
     */
    private static void installStopLogging() {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "dev.duplex.demo.launcher.StopLogging");
        }
        // The root handlers are made on first use, and never once the JVM shuts down: a node that logged nothing
        // before its stop would print nothing during it either. Make them now.
        Logger.getLogger("").getHandlers();
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.println("--port must be a number from 0 to 65535: " + value);
        usage(2);
        return -1;
    }

    private static void usage(int status) {
        (status == 0 ? System.out : System.err).println(
                "usage: java -jar duplex-demo.war [--port=N] [--host=H] [--redis=URI] [--node=NAME] [--<option>=V]\n"
                + "  --port=N  HTTP port, default " + DEFAULT_PORT + "; 0 picks a free one\n"
                + "  --host=H  interface to listen on, default " + DEFAULT_HOST + "; 0.0.0.0 for all\n"
                + "  --redis=URI  one node of a cluster over Redis, e.g. redis://127.0.0.1:6379 (docs/cluster.md)\n"
                + "  --node=NAME  name this node in an X-Duplex-Node response header\n"
                + ServerOptions.usage());
        System.exit(status);
    }

    private static Path locateWar() throws URISyntaxException {
        Path location = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isRegularFile(location)) {
            throw new IllegalStateException("run the packaged WAR: java -jar duplex-demo.war (found " + location + ")");
        }
        return location;
    }

    /** Copies every {@code prefix}*.jar out of the WAR into a temporary directory removed on exit. */
    private static Path extractLibraries(Path war, String prefix) throws IOException {
        Path dir = Files.createTempDirectory("duplex-demo-launcher-");
        dir.toFile().deleteOnExit();
        try (JarFile jar = new JarFile(war.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!entry.isDirectory() && name.startsWith(prefix) && name.endsWith(".jar")
                        && name.indexOf('/', prefix.length()) < 0) {
                    Path target = dir.resolve(name.substring(prefix.length()));
                    try (InputStream in = jar.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    // Registered after the directory, so deleted before it (deleteOnExit runs in reverse).
                    target.toFile().deleteOnExit();
                }
            }
        }
        File[] extracted = dir.toFile().listFiles();
        if (extracted == null || extracted.length == 0) {
            throw new IllegalStateException("no " + prefix + "*.jar in " + war
                    + ": was it built by the duplex-war module?");
        }
        return dir;
    }
}
