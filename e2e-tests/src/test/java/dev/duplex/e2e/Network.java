package dev.duplex.e2e;

import dev.duplex.testkit.BrowserKind;
import dev.duplex.faultkit.ConnectRefusingProxy;
import dev.duplex.testkit.ServerProcess;
import dev.duplex.faultkit.FaultProxy;
import dev.duplex.testkit.Nginx;
import dev.duplex.testkit.TestCertificate;

/** The networks between browser and app, and the transport a session must end on through each. */
enum Network {
    /** The browser talks to the app directly. */
    DIRECT("direct", true),
    /** nginx passing the Upgrade and Connection headers. */
    NGINX_WS("nginx+upgrade", true),
    /** nginx's default config: the upgrade headers are dropped, so only long-polling can work. */
    NGINX_PLAIN("nginx-default", false),
    /** nginx terminating TLS (https/wss) with a certificate made at test time, passing upgrades. */
    TLS("nginx-tls", true),
    /** Chromium through a forward proxy that refuses CONNECT, which is how Chromium tunnels ws://. */
    FORWARD_NO_CONNECT("fwd-proxy-no-connect", false),
    /** The scriptable fault proxy (starts transparent). */
    FAULT("fault-proxy", true),
    /** Three cluster nodes behind nginx round-robin passing upgrades, no stickiness ({@link RunningCluster}). */
    CLUSTER("cluster-rr", true),
    /** The same three nodes behind a second round-robin nginx that drops upgrades: long-polling only. */
    CLUSTER_NO_UPGRADE("cluster-rr-no-upgrade", false);

    private final String label;
    private final boolean webSocketPossible;

    Network(String label, boolean webSocketPossible) {
        this.label = label;
        this.webSocketPossible = webSocketPossible;
    }

    String label() {
        return label;
    }

    /** The transport a healthy session must end on with this browser on this network. */
    String expectedTransport(BrowserKind browser) {
        return webSocketPossible && browser.hasWebSocket() ? "websocket" : "long-polling";
    }

    /** Builds this network in front of {@code app}. */
    Setup setUp(ServerProcess app) {
        switch (this) {
            case DIRECT:
                return new Setup(this, app.origin(), null, null, null, null, null);
            case NGINX_WS:
            case NGINX_PLAIN:
                Nginx nginx = Nginx.start(app.port(), this == NGINX_WS, null);
                return new Setup(this, nginx.origin(), null, nginx, null, null, null);
            case TLS:
                TestCertificate cert = TestCertificate.create();
                try {
                    Nginx tls = Nginx.start(app.port(), true, cert);
                    return new Setup(this, tls.origin(), null, tls, cert, null, null);
                } catch (RuntimeException e) {
                    cert.close();
                    throw e;
                }
            case FORWARD_NO_CONNECT:
                ConnectRefusingProxy fwd = ConnectRefusingProxy.start();
                return new Setup(this, app.origin(), fwd.address(), null, null, fwd, null);
            case FAULT:
                FaultProxy fault = FaultProxy.start(app.port());
                return new Setup(this, fault.origin(), null, null, null, null, fault);
            default:
                throw new IllegalStateException(name() + " is set up by RunningCluster");
        }
    }

    /** A network in place: where the browser points, and what to stop afterwards. */
    static final class Setup implements AutoCloseable {
        final Network network;
        /** The origin the browser opens, e.g. {@code https://127.0.0.1:PORT}. */
        final String base;
        /** A forward proxy for Chromium, or {@code null}. */
        final String httpProxy;
        final Nginx nginx;
        final TestCertificate cert;
        final ConnectRefusingProxy forward;
        final FaultProxy fault;

        Setup(Network network, String base, String httpProxy, Nginx nginx, TestCertificate cert,
                ConnectRefusingProxy forward, FaultProxy fault) {
            this.network = network;
            this.base = base;
            this.httpProxy = httpProxy;
            this.nginx = nginx;
            this.cert = cert;
            this.forward = forward;
            this.fault = fault;
        }

        /** What the network itself saw, for failure reports. */
        String diagnostics() {
            StringBuilder sb = new StringBuilder();
            if (nginx != null) {
                String log = nginx.errorLog();
                sb.append("nginx error log (tail):\n").append(log.substring(Math.max(0, log.length() - 3000)));
            }
            if (forward != null) {
                sb.append("forward proxy events: ").append(forward.events());
            }
            if (fault != null) {
                sb.append("fault proxy: passed=").append(fault.upgradesPassed()).append(" refused=")
                        .append(fault.upgradesRefused()).append(" fake101=").append(fault.fake101s())
                        .append(" cuts=").append(fault.cuts()).append("\nfault proxy events:\n  ")
                        .append(String.join("\n  ", tail(fault.events(), 80)));
            }
            return sb.toString();
        }

        private static java.util.List<String> tail(java.util.List<String> list, int n) {
            return list.subList(Math.max(0, list.size() - n), list.size());
        }

        @Override
        public void close() {
            if (fault != null) {
                fault.close();
            }
            if (forward != null) {
                forward.close();
            }
            if (nginx != null) {
                nginx.close();
            }
            if (cert != null) {
                cert.close();
            }
        }
    }
}
