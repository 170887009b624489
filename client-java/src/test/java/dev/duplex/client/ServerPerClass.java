package dev.duplex.client;

import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.testing.TestServer;
import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real embedded Duplex server for one test class, polls held 1 s so long-polling tests move fast: register it
 * with {@code @RegisterExtension static final ServerPerClass SERVER = new ServerPerClass(handler)}.
 */
final class ServerPerClass implements BeforeAllCallback, AfterAllCallback {
    private final ChannelHandler handler;
    private final DuplexOptions options;
    private TestServer server;

    ServerPerClass(ChannelHandler handler) {
        this(handler, DuplexOptions.builder().pollTimeoutMillis(1000).build());
    }

    ServerPerClass(ChannelHandler handler, DuplexOptions options) {
        this.handler = handler;
        this.options = options;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = new TestServer(handler, options);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        server.close();
    }

    URI mountUri() {
        return server.mountUri();
    }

    TestServer server() {
        return server;
    }
}
