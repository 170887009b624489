package dev.duplex.hostile;

import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Hub;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import dev.duplex.faultkit.FaultProxy;
import java.net.URI;

/**
 * A real Jetty ({@link TestServer}) behind a {@link FaultProxy}: clients made here reach the server only
 * through the proxy, with the proxy's origin (which the server sees as its own, since the proxy keeps
 * {@code Host}), so a scenario can break the network between them at will. The server can be restarted behind
 * the same proxy address.
 */
public final class ProxiedServer implements AutoCloseable {
    private final ChannelHandler handler;
    private final DuplexOptions options;
    private final FaultProxy proxy;
    private TestServer server;

    public ProxiedServer(ChannelHandler handler, DuplexOptions options) throws Exception {
        this.handler = handler;
        this.options = options;
        this.server = new TestServer(handler, options);
        this.proxy = FaultProxy.start(server.port());
    }

    public FaultProxy proxy() {
        return proxy;
    }

    public Hub hub() {
        return server.hub();
    }

    /** The mount, as seen through the proxy. */
    public URI mountUri() {
        return URI.create(proxy.origin() + TestServer.CONTEXT + TestServer.MOUNT);
    }

    /** A client whose every byte goes through the proxy, sending the proxy's origin. */
    public WireClient client() {
        return new WireClient(mountUri(), proxy.origin());
    }

    /** A client straight to the server, for a control session the proxy's faults must not touch. */
    public WireClient directClient() {
        return new WireClient(server.mountUri(), server.origin());
    }

    /** The proxy's last {@code n} events, one per line, to explain a failure. */
    public String recentEvents(int n) {
        java.util.List<String> events = proxy.events();
        return String.join("\n", events.subList(Math.max(0, events.size() - n), events.size()));
    }

    /**
     * Moves {@code client} to a WebSocket or to long-polling; a failure carries the proxy's recent events.
     */
    public void switchTo(WireClient client, boolean webSocket) {
        try {
            if (webSocket) {
                client.startWebSocket();
            } else {
                client.startLongPolling();
            }
        } catch (Exception | AssertionError e) {
            throw new AssertionError("could not switch to " + (webSocket ? "WebSocket" : "long-polling")
                    + "; proxy:\n" + recentEvents(30), e);
        }
    }

    /** Stops the server (its hub shuts down, as in a redeploy), then starts a fresh one behind the proxy. */
    public void restart() throws Exception {
        stop();
        server = new TestServer(handler, options);
        proxy.retarget(server.port());
    }

    /** Stops the server; the proxy stays, and connections to it are then refused upstream. */
    public void stop() throws Exception {
        server.close();
    }

    @Override
    public void close() throws Exception {
        proxy.close();
        server.close();
    }
}
