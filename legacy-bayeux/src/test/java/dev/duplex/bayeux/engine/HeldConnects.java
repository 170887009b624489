package dev.duplex.bayeux.engine;

import dev.duplex.server.api.Hub;
import dev.duplex.server.hub.DefaultHub;

/** Lets wire tests wait until the front door holds a client's {@code /meta/connect}, instead of sleeping. */
public final class HeldConnects {
    private HeldConnects() {
    }

    /** Whether the Bayeux client {@code clientId} of {@code hub}'s front door has a connect held now. */
    public static boolean held(Hub hub, String clientId) {
        String sessionId = clientId.substring(0, clientId.indexOf('.'));
        return ((DefaultHub) hub).sessions().stream()
                .filter(session -> session.id().equals(sessionId))
                .flatMap(session -> session.attribute(LegacyClient.ATTRIBUTE).stream())
                .anyMatch(client -> ((LegacyClient) client).holdsConnect());
    }
}
