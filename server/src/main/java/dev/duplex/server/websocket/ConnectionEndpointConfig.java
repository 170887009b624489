package dev.duplex.server.websocket;

import dev.duplex.server.session.TransportHost;
import jakarta.websocket.Decoder;
import jakarta.websocket.Encoder;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The endpoint configuration of one upgrade, which hands the container an endpoint already bound to its hub
 * and handshake. The container keeps it for the connection's life, so it is one small object that is its own
 * configurator, not the builder's (four lists, a map and a configurator per idle connection).
 */
final class ConnectionEndpointConfig extends ServerEndpointConfig.Configurator implements ServerEndpointConfig {
    private final WebSocketTransport endpoint;
    private final String path;
    private final TransportHost host;
    private Map<String, Object> userProperties;

    ConnectionEndpointConfig(WebSocketTransport endpoint, String path, TransportHost host) {
        this.endpoint = endpoint;
        this.path = path;
        this.host = host;
    }

    /**
     * Answers {@code Sec-WebSocket-Protocol} with the handler's choice among those requested (PROTOCOL.md section
     * 2.4), or with none; the container then leaves the header out, and a browser that asked fails the socket.
     */
    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        return host.selectProtocol(requested);
    }

    @Override
    public <T> T getEndpointInstance(Class<T> type) {
        return type.cast(endpoint);
    }

    @Override
    public boolean checkOrigin(String origin) {
        // Already judged by the mount's OriginPolicy; the container's default is not used.
        return true;
    }

    @Override
    public Class<?> getEndpointClass() {
        return WebSocketTransport.class;
    }

    @Override
    public String getPath() {
        return path;
    }

    @Override
    public List<String> getSubprotocols() {
        return List.of();
    }

    @Override
    public List<Extension> getExtensions() {
        return List.of();
    }

    @Override
    public Configurator getConfigurator() {
        return this;
    }

    @Override
    public List<Class<? extends Encoder>> getEncoders() {
        return List.of();
    }

    @Override
    public List<Class<? extends Decoder>> getDecoders() {
        return List.of();
    }

    @Override
    public synchronized Map<String, Object> getUserProperties() {
        if (userProperties == null) {
            userProperties = new HashMap<>();
        }
        return userProperties;
    }
}
