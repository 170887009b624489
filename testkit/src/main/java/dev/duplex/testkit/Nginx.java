package dev.duplex.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * nginx as a reverse proxy in front of the app, with a generated config in a temporary prefix. Either it passes
 * WebSocket upgrades ({@code proxy_http_version 1.1} and the Upgrade/Connection headers) or it is nginx's default,
 * which drops them. Optionally it terminates TLS with a {@link TestCertificate}. In front of several nodes
 * ({@link #roundRobin}) it balances every request round-robin, with no stickiness whatsoever.
 */
public final class Nginx implements AutoCloseable {
    private final Path prefix;
    private final Processes.Child child;
    private final int port;
    private final boolean tls;

    private Nginx(List<Integer> appPorts, boolean passUpgrade, TestCertificate cert) {
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
                + upstream(appPorts)
                + "  server {\n"
                + "    listen 127.0.0.1:" + port + (tls ? " ssl" : "") + ";\n"
                + ssl
                + "    location / {\n"
                + "      proxy_pass http://" + (appPorts.size() == 1 ? "127.0.0.1:" + appPorts.get(0) : "nodes") + ";\n"
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
        return new Nginx(List.of(appPort), passUpgrade, cert);
    }

    /**
     * Starts nginx in front of several nodes on {@code 127.0.0.1}, passing WebSocket upgrades: round-robin per
     * request, no {@code ip_hash}, no cookie, no keepalive to the nodes, so consecutive requests of one client land
     * on different nodes. A node that refuses connections (stopped, killed) is skipped for that request, as nginx
     * does by default ({@code proxy_next_upstream error timeout}) and retried after 1 s ({@code fail_timeout}).
     */
    public static Nginx roundRobin(List<Integer> nodePorts) {
        return new Nginx(List.copyOf(nodePorts), true, null);
    }

    /**
     * As {@link #roundRobin(List)}, but dropping the upgrade headers as nginx does by default when
     * {@code passUpgrade} is false, so that only long-polling can work through it.
     *
     * @param nodePorts the nodes' ports, in turn
     * @param passUpgrade whether to pass {@code Upgrade} and {@code Connection}
     * @return the running nginx
     */
    public static Nginx roundRobin(List<Integer> nodePorts, boolean passUpgrade) {
        return new Nginx(List.copyOf(nodePorts), passUpgrade, null);
    }

    private static String upstream(List<Integer> ports) {
        if (ports.size() == 1) {
            return "";
        }
        StringBuilder out = new StringBuilder("  upstream nodes {\n");
        for (int port : ports) {
            out.append("    server 127.0.0.1:").append(port).append(" max_fails=1 fail_timeout=1s;\n");
        }
        return out.append("  }\n").toString();
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
