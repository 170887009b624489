package dev.duplex.bayeux.wire;

import static dev.duplex.bayeux.wire.RawBayeux.only;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.duplex.bayeux.BayeuxOptions;
import dev.duplex.bayeux.engine.HeldConnects;
import dev.duplex.bayeux.testing.BayeuxServer;
import dev.duplex.bayeux.testing.ChatHandler;
import dev.duplex.bayeux.testing.CometdReferenceServer;
import dev.duplex.server.api.DuplexOptions;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What answers a held {@code /meta/connect}, on the front door and on a real CometD 9.0.0 server alike. Both
 * fixed a flake of {@code CometdJsTest.wholeLifecycle[long-polling]} ("disconnect false"): cometd.js, reading a
 * failed connect while its disconnect was in flight, aborted the transport and that disconnect with it.
 */
class HeldConnectTest {
    private static BayeuxServer duplex;
    private static CometdReferenceServer cometd;

    @BeforeAll
    static void start() throws Exception {
        duplex = new BayeuxServer(new ChatHandler());
        cometd = new CometdReferenceServer();
    }

    @AfterAll
    static void stop() throws Exception {
        duplex.close();
        cometd.close();
    }

    /** A disconnect answers both requests successfully; the connect says {@code reconnect: none}. */
    @ParameterizedTest
    @ValueSource(strings = {"duplex", "cometd"})
    void aDisconnectAnswersTheHeldConnectSuccessfully(String server) throws Exception {
        RawBayeux client = new RawBayeux(url(server));
        String clientId = client.handshake();
        CompletableFuture<HttpResponse<String>> held = hold(server, client, clientId);

        JsonObject bye = only(client.post(message(clientId, "/meta/disconnect", "4", "")));
        JsonObject connect = only(held.get(10, TimeUnit.SECONDS));

        assertEquals("/meta/disconnect 4 true", summary(bye), bye.toString());
        assertEquals("/meta/connect 3 true none", summary(connect) + " "
                + connect.getAsJsonObject("advice").get("reconnect").getAsString(), connect.toString());
    }

    /**
     * A subscribe's outcome goes in its own reply and leaves the connect held: answered for nothing, it made
     * cometd.js send another connect at once, which a disconnect sent just then could overtake and end.
     */
    @ParameterizedTest
    @ValueSource(strings = {"duplex", "cometd"})
    void aSubscribeLeavesTheConnectHeldUntilThereIsAMessage(String server) throws Exception {
        RawBayeux client = new RawBayeux(url(server));
        String clientId = client.handshake();
        CompletableFuture<HttpResponse<String>> held = hold(server, client, clientId);

        JsonObject subscribed = only(client.post(message(clientId, "/meta/subscribe", "4",
                ",\"subscription\":\"/chat/lobby\"")));
        assertEquals("/meta/subscribe 4 true", summary(subscribed), subscribed.toString());
        RawBayeux publisher = new RawBayeux(url(server));
        String publisherId = publisher.handshake();
        JsonObject published = only(publisher.post(message(publisherId, "/chat/lobby", "2", ",\"data\":{\"n\":1}")));
        assertEquals("/chat/lobby 2 true", summary(published), published.toString());

        assertEquals(List.of("/chat/lobby {\"n\":1}", "/meta/connect 3 true"), replies(held));
        client.post(message(clientId, "/meta/disconnect", "5", ""));
        publisher.post(message(publisherId, "/meta/disconnect", "3", ""));
    }

    /**
     * Those outcomes still take room in the session's replay buffer until acknowledged: while the connect is held
     * they are acknowledged at once, so more of them than the buffer holds cost no reset ("continuity lost") when
     * the next connect restarts from the last acknowledged frame, as one after a lost reply does.
     */
    @Test
    void subscribesPastTheReplayLimitWhileTheConnectIsHeldLoseNothing() throws Exception {
        try (BayeuxServer small = new BayeuxServer(new ChatHandler(),
                DuplexOptions.builder().replayMaxFrames(5).build(), BayeuxOptions.defaults())) {
            RawBayeux client = new RawBayeux(small.bayeuxUrl());
            String clientId = client.handshake();
            CompletableFuture<HttpResponse<String>> held = hold(() -> HeldConnects.held(small.hub(), clientId),
                    client, clientId);
            for (int i = 0; i < 12; i++) {
                JsonObject subscribed = only(client.post(message(clientId, "/meta/subscribe", "s" + i,
                        ",\"subscription\":\"/chat/room" + i + "\"")));
                assertEquals("/meta/subscribe s" + i + " true", summary(subscribed), subscribed.toString());
            }
            JsonObject again = only(client.post(message(clientId, "/meta/connect", "4",
                    ",\"connectionType\":\"long-polling\",\"advice\":{\"timeout\":0}")));

            assertEquals(List.of("/meta/connect 3 true"), replies(held));
            assertEquals("/meta/connect 4 true", summary(again), again.toString());
        }
    }

    private static List<String> replies(CompletableFuture<HttpResponse<String>> held) throws Exception {
        List<String> replies = new ArrayList<>();
        JsonParser.parseString(held.get(10, TimeUnit.SECONDS).body()).getAsJsonArray().forEach(element -> {
            JsonObject reply = element.getAsJsonObject();
            replies.add(reply.has("data") ? reply.get("channel").getAsString() + " " + reply.get("data")
                    : summary(reply) + (reply.has("error") ? " " + reply.get("error").getAsString() : ""));
        });
        return replies;
    }

    private static String url(String server) {
        return server.equals("duplex") ? duplex.bayeuxUrl() : cometd.bayeuxUrl();
    }

    private static CompletableFuture<HttpResponse<String>> hold(String server, RawBayeux client, String clientId)
            throws Exception {
        return hold(server.equals("duplex") ? () -> HeldConnects.held(duplex.hub(), clientId)
                : () -> cometd.holdsConnect(clientId), client, clientId);
    }

    /** Connects once (answered at once), then sends connect {@code 3} and returns once {@code holds} says so. */
    private static CompletableFuture<HttpResponse<String>> hold(BooleanSupplier holds, RawBayeux client,
            String clientId) throws Exception {
        JsonObject first = only(client.post(message(clientId, "/meta/connect", "2",
                ",\"connectionType\":\"long-polling\",\"advice\":{\"timeout\":0}")));
        assertEquals("/meta/connect 2 true", summary(first), first.toString());
        CompletableFuture<HttpResponse<String>> held = client.postAsync(message(clientId, "/meta/connect", "3",
                ",\"connectionType\":\"long-polling\""));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!holds.getAsBoolean()) {
            if (System.nanoTime() > deadline || held.isDone()) {
                throw new AssertionError("the connect was not held: " + (held.isDone() ? held.get().body() : ""));
            }
            Thread.sleep(5);
        }
        return held;
    }

    private static String message(String clientId, String channel, String id, String more) {
        return "[{\"channel\":\"" + channel + "\",\"id\":\"" + id + "\",\"clientId\":\"" + clientId + "\"" + more
                + "}]";
    }

    /** {@code channel id successful}. */
    private static String summary(JsonObject reply) {
        return reply.get("channel").getAsString() + " " + reply.get("id").getAsString() + " "
                + reply.get("successful").getAsBoolean();
    }
}
