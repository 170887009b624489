package dev.duplex.server.websocket;

import dev.duplex.server.session.TransportHost;
import jakarta.websocket.Decoder;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Encoder;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * The endpoint configuration of one upgrade, which hands the container an endpoint already bound to its hub
 * and handshake (a front door's endpoint: to its own state). The container keeps it for the connection's life,
 * so it is one small object that is its own configurator, not the builder's (four lists, a map and a
 * configurator per idle connection).
 */
final class ConnectionEndpointConfig extends ServerEndpointConfig.Configurator implements ServerEndpointConfig {
    /**
     * The container's own configurator, looked up once per class loader. The API looks it up per configurator
     * instance (a {@code ServiceLoader} scan of the class path, for {@code getNegotiatedExtensions} on every
     * upgrade) and keeps it in each instance: with one instance per upgrade that scan was 15 % of the server's
     * CPU in a connect storm, and the found object stayed with every connection.
     */
    private static volatile Configurator containerDefault;

    private final Endpoint endpoint;
    private final String path;
    private final TransportHost host;

    /** {@code host} chooses the subprotocol; null for a front door's endpoint, which offers none. */
    ConnectionEndpointConfig(Endpoint endpoint, String path, TransportHost host) {
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
        return host == null ? "" : host.selectProtocol(requested);
    }

    @Override
    public Configurator getContainerDefaultConfigurator() {
        Configurator found = containerDefault;
        if (found == null) {
            found = new Configurator().getContainerDefaultConfigurator();
            containerDefault = found;
        }
        return found;
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
        return endpoint.getClass();
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

    /**
     * Empty, and shared by every upgrade. The containers copy it into the connection's own modifiable map
     * (Jetty's {@code JakartaWebSocketCreator}, Tomcat's {@code WsPerSessionServerEndpointConfig}) before anything
     * is put there; a map of our own per upgrade was an empty {@code HashMap} kept for the connection's life.
     */
    @Override
    public Map<String, Object> getUserProperties() {
        return Map.of();
    }
}
