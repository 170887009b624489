package dev.duplex.server.hostile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Message;
import dev.duplex.server.testing.RecordingHandler;
import dev.duplex.server.testing.TestServer;
import dev.duplex.server.testing.WireClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Every log line Duplex writes during a session's life, failures included, at the finest level: none may
 * contain the session token. (Ids may appear: they are not secrets.)
 */
class NoSecretsInLogsTest {

    @Test
    void noTokenInAnyLogRecord() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Logger duplex = Logger.getLogger("dev.duplex");
        Level previous = duplex.getLevel();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                StringWriter text = new StringWriter().append(String.valueOf(record.getMessage()));
                if (record.getThrown() != null) {
                    record.getThrown().printStackTrace(new PrintWriter(text));
                }
                lines.add(text.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        duplex.setLevel(Level.ALL);
        duplex.addHandler(capture);
        RecordingHandler failing = new RecordingHandler() {
            @Override
            public void onMessage(Channel channel, Message message) {
                throw new IllegalStateException("the application broke");
            }
        };
        String token;
        try (TestServer server = new TestServer(failing, DuplexOptions.defaults());
                WireClient client = new WireClient(server.mountUri(), server.origin())) {
            client.handshake();
            token = client.token();
            client.startWebSocket();
            client.send("\"fails in the handler\"");
            client.next(10);
            client.abortWebSocket();
            client.startLongPolling();
            client.request("/send", "POST", "not json", Map.of());
            client.request("/send", "POST", "[{\"t\":\"msg\",\"seq\":99,\"d\":1}]", Map.of());
            new WireClient(server.mountUri(), "http://evil.example").adopt(client.sid(), token, 0)
                    .request("/poll", "GET", null, Map.of("X-Duplex-Ack", "0"));
        } finally {
            duplex.removeHandler(capture);
            duplex.setLevel(previous);
        }
        assertFalse(lines.isEmpty(), "the scenario logged something, so the check below means something");
        assertTrue(lines.stream().anyMatch(l -> l.contains("the application broke")), "the failure was logged");
        for (String line : lines) {
            assertFalse(line.contains(token), "a log line carries the session token: " + line);
        }
    }
}
