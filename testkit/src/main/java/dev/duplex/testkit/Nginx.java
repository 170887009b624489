package dev.duplex.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * nginx as a reverse proxy in front of the app, with a generated config in a temporary prefix. Either it passes
 * WebSocket upgrades ({@code proxy_http_version 1.1} and the Upgrade/Connection headers) or it is nginx's default,
 * which drops them. Optionally it terminates TLS with a {@link TestCertificate}.
 */
public final class Nginx implements AutoCloseable {
    private final Path prefix;
    private final Processes.Child child;
    private final int port;
    private final boolean tls;

    private Nginx(int appPort, boolean passUpgrade, TestCertificate cert) {
        prefix = Files2.tempDir("e2e-nginx-");
        port = Processes.freePort();
        tls = cert != null;
        String upgrade = passUpgrade
                ? "      proxy_http_version 1.1;\n"
                + "      proxy_set_header Upgrade $http_upgrade;\n"
                + "      proxy_set_header Connection \"upgrade\";\n"
                : "";
        String ssl = tls
                ? "    ssl_certificate " + cert.certPem() + ";\n    ssl_certificate_key " + cert.keyPem() + ";\n"
                : "";
        String conf = (isRoot() ? "user root;\n" : "")
                + "worker_processes 1;\n"
                + "daemon off;\n"
                + "pid " + prefix.resolve("nginx.pid") + ";\n"
                + "error_log " + prefix.resolve("error.log") + " info;\n"
                + "events { worker_connections 256; }\n"
                + "http {\n"
                + "  access_log " + prefix.resolve("access.log") + ";\n"
                + "  client_body_temp_path " + prefix.resolve("body") + ";\n"
                + "  proxy_temp_path " + prefix.resolve("proxy") + ";\n"
                + "  fastcgi_temp_path " + prefix.resolve("fastcgi") + ";\n"
                + "  uwsgi_temp_path " + prefix.resolve("uwsgi") + ";\n"
                + "  scgi_temp_path " + prefix.resolve("scgi") + ";\n"
                + "  server {\n"
                + "    listen 127.0.0.1:" + port + (tls ? " ssl" : "") + ";\n"
                + ssl
                + "    location / {\n"
                + "      proxy_pass http://127.0.0.1:" + appPort + ";\n"
                + upgrade
                + "      proxy_set_header Host $http_host;\n"
                + "      proxy_set_header X-Forwarded-Proto $scheme;\n"
                + "      proxy_set_header X-Forwarded-For $remote_addr;\n"
                + "      proxy_buffering off;\n"
                + "      proxy_read_timeout 60s;\n"
                + "    }\n"
                + "  }\n"
                + "}\n";
        Path confFile = prefix.resolve("nginx.conf");
        try {
            Files.writeString(confFile, conf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        child = new Processes.Child(new ProcessBuilder("/usr/sbin/nginx", "-c", confFile.toString(),
                "-p", prefix.toString()), line -> false);
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!Processes.listening(port)) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                String out = child.output() + "\n" + errorLog();
                close();
                throw new IllegalStateException("nginx did not start:\n" + out + "\nconfig:\n" + conf);
            }
            Thread.onSpinWait();
        }
    }

    /** Starts nginx in front of {@code 127.0.0.1:appPort}; {@code cert} null for plain HTTP. */
    public static Nginx start(int appPort, boolean passUpgrade, TestCertificate cert) {
        return new Nginx(appPort, passUpgrade, cert);
    }

    public int port() {
        return port;
    }

    /** {@code http(s)://127.0.0.1:PORT} */
    public String origin() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + port;
    }

    /** nginx's error log, for failure reports. */
    public String errorLog() {
        try {
            Path log = prefix.resolve("error.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Override
    public void close() {
        child.close();
        Files2.deleteTree(prefix);
    }
}
