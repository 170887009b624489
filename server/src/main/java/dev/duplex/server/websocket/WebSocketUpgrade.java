package dev.duplex.server.websocket;

import dev.duplex.server.api.Handshake;
import dev.duplex.server.session.TransportHost;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.Map;

/** Upgrades an already-vetted request to a {@link WebSocketTransport}, through the container's API. */
public final class WebSocketUpgrade {
    private static final String CONTAINER_ATTRIBUTE = ServerContainer.class.getName();

    private final ServerContainer container;
    private final String path;

    private WebSocketUpgrade(ServerContainer container, String path) {
        this.container = container;
        this.path = path;
    }

    /** The upgrade for {@code context}, or null when the container offers no WebSocket support. */
    public static WebSocketUpgrade of(ServletContext context, String path) {
        Object container = context.getAttribute(CONTAINER_ATTRIBUTE);
        return container instanceof ServerContainer server ? new WebSocketUpgrade(server, path) : null;
    }

    /** Whether {@code request} asks for a WebSocket. */
    public static boolean isUpgradeRequest(HttpServletRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    /** Hands the request to the container, with an endpoint bound to the hub and handshake. */
    public void upgrade(HttpServletRequest request, HttpServletResponse response, TransportHost hub,
            Handshake handshake) throws IOException, ServletException {
        ServerEndpointConfig config = new ConnectionEndpointConfig(new WebSocketTransport(hub, handshake), path,
                hub);
        try {
            container.upgradeHttpToWebSocket(request, response, config, Map.of());
        } catch (DeploymentException e) {
            throw new ServletException("WebSocket upgrade failed", e);
        }
    }
}
