package dev.duplex.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Message;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.testing.RawChannel;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Poison messages (issue 13, WIRE-CONTRACT): a frame over {@code maxMessage} is acked and answered with an
 * {@code error} frame, and everything around it goes on; and no input a client can send leaves a correct
 * client re-sending the same bytes forever.
 */
class PoisonContractTest {
    private static final int MAX_MESSAGE = 1_000;
    private static final int MAX_BATCH = 10;
    /** A payload whose JSON text is one character over the limit. */
    private static final String OVER = "\"" + "x".repeat(MAX_MESSAGE - 1) + "\"";
    private final RecordingHandler handler = new RecordingHandler() {
        @Override
        public void onMessage(Channel channel, Message message) {
            if (message.json().equals("\"boom\"")) {
                throw new IllegalStateException("the application failed");
            }
            super.onMessage(channel, message);
        }
    };
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(handler, DuplexOptions.builder().maxMessageChars(MAX_MESSAGE)
                .maxPostBytes((int) DuplexOptions.minPostBytes(MAX_MESSAGE)).maxBatch(MAX_BATCH)
                .maxInboundPerSecond(50).build());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private static String msg(long seq, String payload) {
        return "{\"t\":\"msg\",\"seq\":" + seq + ",\"d\":" + payload + "}";
    }

    /** A batch of {@code count} messages numbered from {@code first}. */
    private static String burst(int first, int count) {
        return batch(IntStream.range(first, first + count).mapToObj(i -> msg(i, "1")).toArray(String[]::new));
    }

    private static String batch(String... frames) {
        return "[" + String.join(",", frames) + "]";
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anOverLimitFrameIsAckedAndRefusedWithAnErrorFrameWhileTheBatchAndTheSessionGoOn(Transport transport)
            throws Exception {
        try (RawChannel channel = transport.open(server)) {
            send(channel, batch(msg(1, "\"before\""), msg(2, OVER), "{\"t\":\"pub\",\"seq\":3,\"topic\":\"t\",\"d\":"
                    + OVER + "}", msg(4, "\"after\"")));
            channel.await("the ack of all four", f -> f instanceof Frame.Ack a && a.ack() == 4);
            Frame.Error msgRefused = (Frame.Error) channel.await("error for 2", f -> isError(f, 2));
            Frame.Error pubRefused = (Frame.Error) channel.await("error for 3", f -> isError(f, 3));
            assertEquals("too_large", msgRefused.code());
            assertEquals("too_large", pubRefused.code());
            assertTrue(msgRefused.message().contains(Integer.toString(MAX_MESSAGE)), msgRefused.message());
            send(channel, batch(msg(5, "\"later\"")));
            channel.await("the echo of a later send", f -> f instanceof Frame.Msg m && m.d().equals("\"later\""));
            assertEquals(List.of("\"before\"", "\"after\"", "\"later\""), handler.messages);
            assertEquals(List.of("\"before\"", "error 2", "error 3", "\"after\"", "\"later\""), sequenced(channel),
                    "the refusals are numbered in their place among the echoes");
            assertTransportKept(channel);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aMaximalFrameFitsTheSmallestPostBodyTheServerAllows(Transport transport) throws Exception {
        // Worst case for UTF-8: every character of the payload's JSON text takes 3 bytes; the longest topic.
        String widest = "\"" + "€".repeat(MAX_MESSAGE - 2) + "\"";
        String topic = "t".repeat(128);
        try (RawChannel channel = transport.open(server)) {
            send(channel, batch("{\"t\":\"pub\",\"seq\":1,\"topic\":\"" + topic + "\",\"d\":" + widest + "}"));
            send(channel, batch(msg(2, widest)));
            channel.await("the echo of the widest message", f -> f instanceof Frame.Msg m && m.d().equals(widest));
            assertTrue(channel.frames.stream().noneMatch(Frame.Error.class::isInstance), channel.frames::toString);
            assertTransportKept(channel);
        }
    }

    @Test
    void aConfigurationThatCannotCarryAMaximalFrameIsRefusedAtStartup() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> DuplexOptions
                .builder().maxMessageChars(MAX_MESSAGE).maxPostBytes(4_023).build());
        assertTrue(refused.getMessage().contains("maxPostBytes=4023") && refused.getMessage().contains("4024")
                && refused.getMessage().contains("maxMessageChars=1000"), refused.getMessage());
        assertEquals(4_024, DuplexOptions.builder().maxMessageChars(MAX_MESSAGE).maxPostBytes(4_024).build()
                .maxPostBytes());
        DuplexOptions.defaults();
    }

    /**
     * Whatever a client sends, the answer is one a correct client acts on once: the frames are acked (so it
     * drops them; any refusal comes as an error frame naming them), or it is told to pause ({@code slow}),
     * or it gets a refusal PROTOCOL.md section 6 calls permanent for those bytes. Nothing is left that the
     * client would re-send unchanged for ever.
     */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void noInputLeavesACorrectClientResendingTheSameBytesForever(Transport transport) throws Exception {
        boolean ws = transport == Transport.WEBSOCKET;
        List<String> outcomes = new ArrayList<>();
        outcomes.add(outcome(transport, "payload over maxMessage", batch(msg(1, OVER))));
        outcomes.add(outcome(transport, "an invalid topic", batch("{\"t\":\"sub\",\"seq\":1,\"topic\":\"a//b\"}")));
        outcomes.add(outcome(transport, "a handler failure", batch(msg(1, "\"boom\""))));
        outcomes.add(outcome(transport, "over the rate cap", null));
        outcomes.add(outcome(transport, "malformed", batch("{\"t\":\"msg\",\"seq\":1}")));
        outcomes.add(outcome(transport, "a gap", batch(msg(2, "1"))));
        outcomes.add(outcome(transport, "over maxBatch", burst(1, MAX_BATCH + 1)));
        outcomes.add(outcome(transport, "over maxPostBytes", batch(msg(1, "\"" + "x".repeat(5_000) + "\""))));
        assertEquals(List.of(
                "payload over maxMessage: acked, error too_large",
                "an invalid topic: acked, error invalid_topic",
                "a handler failure: acked, error internal_error",
                "over the rate cap: acked prefix, slow",
                ws ? "malformed: close 4400" : "malformed: 400 bad_request",
                ws ? "a gap: close 4400" : "a gap: 400 sequence_gap",
                ws ? "over maxBatch: close 4400" : "over maxBatch: 413 too_large",
                ws ? "over maxPostBytes: close 1009" : "over maxPostBytes: 413 too_large"), outcomes);
    }

    /** What one input comes to, as the client sees it; {@code wire} null: a burst over the rate cap. */
    private String outcome(Transport transport, String name, String wire) throws Exception {
        try (RawChannel channel = transport.open(server)) {
            if (wire == null) {
                for (int i = 0; i < 6; i++) {
                    send(channel, burst(i * MAX_BATCH + 1, MAX_BATCH));
                }
                Frame.Slow slow = (Frame.Slow) channel.await("advice", Frame.Slow.class::isInstance);
                assertTrue(slow.retry() > 0);
                return name + ": acked prefix, slow";
            }
            HttpResponse<String> response = channel.send(wire);
            if (response != null && response.statusCode() != 200) {
                String code = response.body().replaceAll("^\\{\"error\":\"([a-z_]+)\".*$", "$1");
                return name + ": " + response.statusCode() + " " + code;
            }
            if (channel.isWebSocket() && !channel.webSocketClosed.isDone()) {
                channel.await("an ack or a close", f -> f instanceof Frame.Ack a && a.ack() >= 1
                        || channel.webSocketClosed.isDone());
            }
            if (channel.webSocketClosed.isDone()) {
                return name + ": close " + channel.awaitCloseCode();
            }
            channel.await("the ack", f -> f instanceof Frame.Ack a && a.ack() == 1);
            Frame.Error error = (Frame.Error) channel.await("an error frame for 1", f -> isError(f, 1));
            return name + ": acked, error " + error.code();
        }
    }

    private static void send(RawChannel channel, String wire) throws Exception {
        HttpResponse<String> response = channel.send(wire);
        if (response != null) {
            assertEquals(200, response.statusCode(), response.body());
        }
    }

    private static boolean isError(Frame frame, long ref) {
        return frame instanceof Frame.Error e && e.ref() == ref;
    }

    private static List<String> sequenced(RawChannel channel) {
        return channel.frames.stream().filter(Frame.Sequenced.class::isInstance).map(f -> f instanceof Frame.Msg m
                ? m.d() : "error " + ((Frame.Error) f).ref()).collect(Collectors.toList());
    }

    private static void assertTransportKept(RawChannel channel) {
        assertTrue(!channel.webSocketClosed.isDone(), () -> "the WebSocket was closed: " + channel.webSocketClosed);
        assertTrue(channel.posts.stream().allMatch(r -> r.statusCode() == 200), () -> "a send failed: "
                + channel.posts.stream().map(r -> r.statusCode() + " " + r.body()).toList());
    }
}
