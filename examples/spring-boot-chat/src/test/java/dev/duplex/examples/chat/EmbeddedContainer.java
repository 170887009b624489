package dev.duplex.examples.chat;

import java.util.Map;

/**
 * The embedded servlet containers the example runs on. Both are on the test class path, so each run excludes
 * the other's auto-configuration: the choice is Boot's own, as an application with only one of them makes it.
 */
enum EmbeddedContainer {
    TOMCAT("org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration",
            "TomcatWebServer"),
    JETTY("org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration",
            "JettyServletWebServer");

    private final String otherAutoConfiguration;
    private final String webServerClass;

    EmbeddedContainer(String otherAutoConfiguration, String webServerClass) {
        this.otherAutoConfiguration = otherAutoConfiguration;
        this.webServerClass = webServerClass;
    }

    /** Properties for an application on this container, on an ephemeral port. */
    Map<String, Object> properties() {
        return Map.of("server.port", "0", "spring.autoconfigure.exclude", otherAutoConfiguration,
                "spring.main.banner-mode", "off", "logging.level.root", "warn");
    }

    /** The simple name of Boot's {@code WebServer} for this container. */
    String webServerClass() {
        return webServerClass;
    }
}
