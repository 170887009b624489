package dev.duplex.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The demo WAR, unchanged, in each container it supports, started through the war module's own fixtures
 * ({@code war/scripts/*.sh}). Paths come from system properties that failsafe sets (the war module and the e2e
 * module set the same ones): {@code duplex.war}, {@code duplex.scripts}, {@code duplex.jetty.dir} (holding
 * {@code jetty-home-<version>}, unpacked by Maven in pre-integration-test), {@code duplex.jetty.version},
 * {@code duplex.catalina.home} and {@code duplex.catalina.base}. Never skipped: a missing container fails with
 * what to install.
 */
public enum DemoDeployment {
    /** {@code java -jar duplex-demo.war}: the WAR's own embedded Jetty. */
    STANDALONE,
    /** {@code ROOT.war} in a stock Jetty 12 distribution (jetty-home), through {@code jetty-home.sh}. */
    JETTY_HOME,
    /** {@code ROOT.war} in Debian's Tomcat 10.1, in a private {@code CATALINA_BASE}, through {@code tomcat10.sh}. */
    TOMCAT10;

    /** The name used in reports, e.g. {@code jetty-home 12.1.8}. */
    public String label() {
        switch (this) {
            case STANDALONE:
                return "jetty (java -jar war)";
            case JETTY_HOME:
                return "jetty-home " + jettyVersion();
            case TOMCAT10:
                return "tomcat 10.1";
            default:
                throw new IllegalStateException(name());
        }
    }

    /** Starts the WAR in this container and returns once it serves the client. Close it to stop everything. */
    public ServerProcess start() {
        if (this == STANDALONE) {
            return ServerProcess.executableWar(war());
        }
        return launch(war(), true);
    }

    /**
     * Deploys {@code war} (e.g. a deliberately broken copy of the demo) in this container and returns at once,
     * without waiting for it to serve: for tests of deployments that must fail. Containers only.
     */
    public ServerProcess launchUnready(Path war) {
        return launch(war, false);
    }

    private ServerProcess launch(Path war, boolean awaitReady) {
        switch (this) {
            case JETTY_HOME:
                Path dir = path("duplex.jetty.dir", "target/jetty-home");
                Path home = dir.resolve("jetty-home-" + jettyVersion());
                if (!Files.isRegularFile(home.resolve("start.jar"))) {
                    throw new IllegalStateException("no jetty-home at " + home
                            + ": mvn verify unpacks it in pre-integration-test");
                }
                return script("jetty-home.sh", dir, war, Map.of("JETTY_VERSION", jettyVersion(), "MVN_OFFLINE", "1"),
                        awaitReady);
            case TOMCAT10:
                Path catalinaHome = path("duplex.catalina.home", "/usr/share/tomcat10");
                if (!Files.isExecutable(catalinaHome.resolve("bin/catalina.sh"))) {
                    throw new IllegalStateException("no Tomcat 10 at " + catalinaHome
                            + "; run: apt-get install -y tomcat10");
                }
                return script("tomcat10.sh", path("duplex.catalina.base", "target/tomcat10-it-base"), war,
                        Map.of("CATALINA_HOME", catalinaHome.toString()), awaitReady);
            default:
                throw new IllegalStateException(name());
        }
    }

    private static ServerProcess script(String name, Path workDir, Path war, Map<String, String> env,
            boolean awaitReady) {
        return awaitReady ? ServerProcess.script(script(name), workDir, war, env)
                : ServerProcess.launchScript(script(name), workDir, war, env);
    }

    /** The packaged WAR: {@code -Dduplex.war}. */
    public static Path war() {
        return path("duplex.war", "target/duplex-demo.war");
    }

    private static String jettyVersion() {
        return System.getProperty("duplex.jetty.version", "12.1.8");
    }

    private static Path script(String name) {
        return path("duplex.scripts", "scripts").resolve(name);
    }

    private static Path path(String property, String fallback) {
        return Path.of(System.getProperty(property, fallback)).toAbsolutePath();
    }
}
