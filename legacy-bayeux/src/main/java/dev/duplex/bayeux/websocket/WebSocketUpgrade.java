package dev.duplex.bayeux.websocket;

import dev.duplex.bayeux.engine.BayeuxEngine;
import dev.duplex.bayeux.engine.RequestInfo;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.Map;

/** Upgrades an already-vetted request to a {@link BayeuxWebSocket}, through the container's API. */
public final class WebSocketUpgrade {
    private final ServerContainer container;
    private final String path;

    private WebSocketUpgrade(ServerContainer container, String path) {
        this.container = container;
        this.path = path;
    }

    /** The upgrade for {@code context}, or null when the container offers no WebSocket support. */
    public static WebSocketUpgrade of(ServletContext context, String path) {
        Object container = context.getAttribute(ServerContainer.class.getName());
        return container instanceof ServerContainer server ? new WebSocketUpgrade(server, path) : null;
    }

    /** Hands the request to the container, with an endpoint bound to the engine and the request. */
    public void upgrade(HttpServletRequest request, HttpServletResponse response, BayeuxEngine engine,
            RequestInfo info) throws IOException, ServletException {
        BayeuxWebSocket endpoint = new BayeuxWebSocket(engine, info);
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(BayeuxWebSocket.class, path)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> type) {
                        return type.cast(endpoint);
                    }

                    @Override
                    public boolean checkOrigin(String origin) {
                        return true;  // already judged by the mount's origin policy
                    }
                }).build();
        try {
            container.upgradeHttpToWebSocket(request, response, config, Map.of());
        } catch (DeploymentException e) {
            throw new ServletException("WebSocket upgrade failed", e);
        }
    }
}
