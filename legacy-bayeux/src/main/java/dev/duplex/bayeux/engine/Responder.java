package dev.duplex.bayeux.engine;

import com.google.gson.JsonObject;
import java.util.List;

/** Where the replies to one request go: an HTTP response or a WebSocket message. Called once per request. */
@FunctionalInterface
public interface Responder {

    /** Writes the replies; must not block on the network. */
    void respond(List<JsonObject> replies);
}
