package dev.duplex.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.duplex.testkit.DemoDeployment;
import dev.duplex.testkit.ServerProcess;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's Bayeux front door, {@code /cometd} on the chat's hub, in the packaged WAR run standalone: two CometD 9
 * Java {@code BayeuxClient}s and a Duplex client (the wire protocol, {@link WireClient}) in the lobby see each
 * other's lines, stamped by the chat handler; {@code /legacy/} serves the cometd.js page and cometd.js itself.
 */
class LegacyFrontDoorIT {
    private static ServerProcess war;
    private static WireClient wire;
    private static HttpClient http;

    @BeforeAll
    static void startWar() throws Exception {
        war = DemoDeployment.STANDALONE.start();
        wire = new WireClient(war.base());
        http = new HttpClient();
        http.start();
    }

    @AfterAll
    static void stopWar() throws Exception {
        if (http != null) {
            http.stop();
        }
        if (war != null) {
            war.close();
        }
    }

    /** A CometD client in the lobby; what the room says arrives in {@code lines} as "nick: text". */
    private record Member(BayeuxClient client, BlockingQueue<String> lines) {
        static Member join() throws InterruptedException {
            BayeuxClient client = new BayeuxClient(war.base().resolve("cometd").toString(),
                    new JettyHttpClientTransport(null, http));
            client.handshake();
            assertTrue(client.waitFor(10_000, BayeuxClient.State.CONNECTED), "handshook");
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            BlockingQueue<Message> replies = new LinkedBlockingQueue<>();
            client.getChannel("/chat/lobby").subscribe((channel, message) -> {
                Map<String, Object> line = message.getDataAsMap();
                if ("say".equals(line.get("type"))) {
                    lines.add(line.get("nick") + ": " + line.get("text"));
                }
            }, replies::add);
            assertTrue(poll(replies).isSuccessful(), "subscribed to /chat/lobby");
            return new Member(client, lines);
        }

        void say(String text) throws InterruptedException {
            BlockingQueue<Message> replies = new LinkedBlockingQueue<>();
            client.getChannel("/chat/lobby").publish(Map.of("text", text), replies::add);
            assertTrue(poll(replies).isSuccessful(), "publish answered");
        }

        String next() throws InterruptedException {
            return poll(lines);
        }
    }

    private static <T> T poll(BlockingQueue<T> queue) throws InterruptedException {
        T item = queue.poll(10, TimeUnit.SECONDS);
        if (item == null) {
            throw new AssertionError("nothing within 10 s\n" + war.log());
        }
        return item;
    }

    @Test
    void bayeuxClientsAndDuplexClientsShareTheLobby() throws Exception {
        Member ada = Member.join();
        Member bob = Member.join();
        String[] page = wire.handshake("chat");
        wire.post("chat/send", page, "[{\"t\":\"msg\",\"seq\":1,\"d\":{\"type\":\"nick\",\"nick\":\"page\"}},"
                + "{\"t\":\"sub\",\"seq\":2,\"topic\":\"chat/lobby\"},"
                + "{\"t\":\"msg\",\"seq\":3,\"d\":{\"type\":\"say\",\"room\":\"lobby\",\"text\":\"from duplex\"}}]");
        assertEquals("page: from duplex", ada.next(), "a duplex.js line reaches a Bayeux client");
        assertEquals("page: from duplex", bob.next());

        ada.say("from ada");
        String adaNick = ada.next().split(": ")[0];
        assertTrue(adaNick.startsWith("guest-"), "the handler stamps the Bayeux client's nickname: " + adaNick);
        assertEquals(adaNick + ": from ada", bob.next(), "one Bayeux client hears another");
        bob.say("from bob");
        String bobLine = ada.next();
        assertTrue(bobLine.endsWith(": from bob"), bobLine);
        assertEquals(bobLine, bob.next());

        List<String> heard = new ArrayList<>();
        assertTrue(wire.pollUntil("chat/poll", page, frame -> {
            JsonObject d = frame.has("d") && frame.get("d").isJsonObject() ? frame.getAsJsonObject("d") : null;
            if ("chat/lobby".equals(WireClient.string(frame, "topic")) && "say".equals(WireClient.string(d, "type"))) {
                heard.add(WireClient.string(d, "nick") + ": " + WireClient.string(d, "text"));
            }
            return heard.size() == 3;
        }), "the Duplex client hears the room: " + heard);
        assertEquals(List.of("page: from duplex", adaNick + ": from ada", bobLine), heard);
        assertTrue(ada.client().disconnect(5000) && bob.client().disconnect(5000), "disconnected");
    }

    @Test
    void legacyPageServesUnmodifiedCometdJs() throws Exception {
        HttpResponse<String> page = wire.get("legacy/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("import {CometD} from \"./cometd/cometd.js\""), "the page loads cometd.js");
        HttpResponse<String> library = wire.get("legacy/cometd/Client.js");
        assertEquals(200, library.statusCode());
        assertTrue(library.headers().firstValue("Content-Type").orElse("").contains("javascript"));
        assertTrue(library.body().contains("export class CometD"), "cometd.js 9 as npm ships it");
    }
}
