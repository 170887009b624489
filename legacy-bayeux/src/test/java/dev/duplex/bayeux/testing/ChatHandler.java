package dev.duplex.bayeux.testing;

import com.google.gson.JsonParser;
import dev.duplex.bayeux.BayeuxCall;
import dev.duplex.server.api.Channel;
import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.CloseReason;
import dev.duplex.server.api.Handshake;
import dev.duplex.server.api.Message;
import dev.duplex.server.api.TransportKind;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The application under test: a chat whose topics anyone may use except {@code private/**} (wildcards below
 * {@code chat/} only), and four
 * services: {@code /service/echo} answers with its data, {@code /service/refuse} fails, {@code /service/silent}
 * never answers, {@code /service/feed} publishes {@code {n:1}..{n:count}} to {@code feed/numbers}, paced. Records
 * what it sees, for assertions.
 */
public final class ChatHandler implements ChannelHandler {
    public final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void onOpen(Channel channel) {
        events.add("open " + channel.transport().wireName());
    }

    @Override
    public void onMessage(Channel channel, Message message) {
        BayeuxCall.of(message).ifPresentOrElse(call -> {
            events.add("call " + call.channel() + " " + call.data().json());
            switch (call.channel()) {
                case "/service/echo" -> call.reply(channel, call.data());
                case "/service/refuse" -> call.fail(channel, "not for you");
                case "/service/feed" -> {
                    // Once per channel: a client that retries the call after a lost response (faye does) must
                    // not start a second feed, or the test would see "duplicates" that the server never sent twice.
                    if (channel.attribute("fed").isEmpty()) {
                        channel.attribute("fed", true);
                        feed(channel, call.data());
                    }
                    call.reply(channel, call.data());
                }
                default -> {
                    // /service/silent: no answer, so the client's remoteCall times out
                }
            }
        }, () -> {
            events.add("message " + message.json());
            channel.send(message);
        });
    }

    /** Publishes {@code {n:1}..{n:count}} to {@code feed/numbers}, one every 20 ms, from another thread. */
    private static void feed(Channel channel, Message request) {
        int count = JsonParser.parseString(request.json()).getAsJsonObject().get("count").getAsInt();
        Thread feeder = new Thread(() -> {
            try {
                for (int n = 1; n <= count; n++) {
                    channel.hub().publish("feed/numbers", Message.json("{\"n\":" + n + "}"));
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "feed");
        feeder.setDaemon(true);
        feeder.start();
    }

    @Override
    public void onTransport(Channel channel, TransportKind from, TransportKind to, String reason) {
        events.add("transport " + from.wireName() + " -> " + to.wireName());
    }

    @Override
    public void onClose(Channel channel, CloseReason reason) {
        events.add("close " + reason.reason());
    }

    /** Refuses requests that carry {@code X-Refuse}, to test refused handshakes. */
    @Override
    public boolean authorize(Handshake handshake) {
        return handshake.header("X-Refuse").isEmpty();
    }

    @Override
    public boolean authorizeSubscribe(Channel channel, String topic) {
        return !topic.startsWith("private/");
    }

    /** Wildcards below {@code chat/} only: never {@code **}, which would include {@code private/**}. */
    @Override
    public boolean authorizeSubscribePattern(Channel channel, String pattern) {
        return pattern.startsWith("chat/");
    }

    @Override
    public void onSubscribe(Channel channel, String topic) {
        events.add("subscribe " + topic);
    }

    @Override
    public void onUnsubscribe(Channel channel, String topic) {
        events.add("unsubscribe " + topic);
    }
}
