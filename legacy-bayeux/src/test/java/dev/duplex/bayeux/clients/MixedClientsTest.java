package dev.duplex.bayeux.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.duplex.bayeux.testing.BayeuxServer;
import dev.duplex.bayeux.testing.ChatHandler;
import dev.duplex.bayeux.testing.NodeClient;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Scenario 8: a {@code duplex.js} client and an unmodified {@code cometd.js} client in one room
 * ({@code chat/lobby} = {@code /chat/lobby}), publishing in turn: each sees every message of both once, and
 * both see them in the same order.
 */
class MixedClientsTest {
    private static final int COUNT = 20;

    @Test
    void duplexJsAndCometdJsSeeTheSameRoom() throws Exception {
        try (BayeuxServer server = new BayeuxServer(new ChatHandler())) {
            JsonObject result = NodeClient.script("mixed.mjs", server.origin(), "/chat", "/cometd",
                    Integer.toString(COUNT));
            List<String> duplex = strings(result.getAsJsonArray("duplex"));
            List<String> cometd = strings(result.getAsJsonArray("cometd"));
            assertEquals(duplex, cometd, "one order for both");
            assertEquals(2 * COUNT + 1, duplex.size(), "each message once: " + duplex);
            assertEquals(inOrder("c"), duplex.stream().filter(text -> text.startsWith("c")).toList());
            assertEquals(inOrder("d"), duplex.stream().filter(text -> text.startsWith("d")).toList());
        }
    }

    private static List<String> inOrder(String prefix) {
        return IntStream.rangeClosed(1, COUNT).mapToObj(n -> prefix + n).toList();
    }

    private static List<String> strings(JsonArray array) {
        List<String> out = new ArrayList<>();
        array.forEach(element -> out.add(element.getAsString()));
        return out;
    }
}
