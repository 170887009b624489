package dev.duplex.server.testing;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.Message;
import dev.duplex.server.protocol.Frame;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Two-way numbered traffic on one session, judged by two {@link DeliveryOracle}s: the client's messages
 * (producer {@code client}) go to the server and come back as echoes; the server's own messages (producer
 * {@code server}) go to the client. Every delivery scenario drives its session through this, so every
 * scenario is judged the same way.
 */
public final class OracleTraffic {
    /** Producer name of the client's messages (and of their echoes). */
    public static final String CLIENT = "client";
    /** Producer name of the server's own messages. */
    public static final String SERVER = "server";

    public final DeliveryOracle toServer = new DeliveryOracle("client to server");
    public final DeliveryOracle toClient = new DeliveryOracle("server to client");
    private final RecordingHandler handler = new RecordingHandler() {
        @Override
        public void onMessage(Channel channel, Message message) {
            toServer.received(message.json());
            super.onMessage(channel, message);
        }
    };
    private WireClient client;
    private long clientSent;
    private long serverSent;

    /** The server-side handler to mount: it records arrivals in {@link #toServer} and echoes each message. */
    public RecordingHandler handler() {
        return handler;
    }

    /** Judges {@code client}'s deliveries from now on. Returns {@code client}. */
    public WireClient attach(WireClient client) {
        this.client = client;
        return client.observe(frame -> {
            if (frame instanceof Frame.Msg msg) {
                toClient.received(msg.d());
            } else if (frame instanceof Frame.Reset reset) {
                toClient.reset(reset.from(), reset.to());
            }
        });
    }

    /** Sends the client's next message; its echo is expected back. */
    public void clientSends() {
        long n = ++clientSent;
        toClient.sent(CLIENT, n);
        client.send(toServer.sent(CLIENT, n));
    }

    /** Sends the server's next message on {@code channel}. */
    public void serverSends(Channel channel) {
        channel.send(Message.json(toClient.sent(SERVER, ++serverSent)));
    }

    /** Something a scenario does between two messages: a kill, a switch. */
    @FunctionalInterface
    public interface Interruption {
        /** Runs after message {@code index} has been sent each way. */
        void after(int index) throws Exception;
    }

    /**
     * Sends {@code messages} messages each way, one client message then one server message, and calls
     * {@code interruption} after each index in {@code points}.
     */
    public void flow(Channel channel, int messages, Set<Integer> points, Interruption interruption)
            throws Exception {
        for (int i = 0; i < messages; i++) {
            clientSends();
            serverSends(channel);
            if (points.contains(i)) {
                interruption.after(i);
            }
        }
    }

    /** {@code count} distinct random indexes in [1, {@code messages}). */
    public static TreeSet<Integer> randomPoints(Random random, int count, int messages) {
        TreeSet<Integer> points = new TreeSet<>();
        while (points.size() < count) {
            points.add(1 + random.nextInt(messages - 1));
        }
        return points;
    }

    /**
     * Waits (up to 60 s) until both directions are complete, then asserts both verdicts clean.
     *
     * @return the two verdicts, client to server first, for the scenario's report
     */
    public DeliveryOracle.Verdict[] awaitCleanDelivery(String context) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!(toServer.complete() && toClient.complete()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return new DeliveryOracle.Verdict[] {toServer.verdict().assertClean(context + "; " + client.describe()),
            toClient.verdict().assertClean(context + "; " + client.describe())};
    }
}
