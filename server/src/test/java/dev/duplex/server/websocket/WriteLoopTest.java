package dev.duplex.server.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Handshake;
import dev.duplex.server.api.Message;
import dev.duplex.server.testing.FakeHost;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The WebSocket's writer against a container that completes every write at once, on the writing thread. */
class WriteLoopTest {
    private static final int BACKLOG = 4_000;

    @Test
    void writesThatCompleteInlineDoNotDeepenTheStack() throws Exception {
        FakeHost host = new FakeHost(DuplexOptions.builder().maxBatch(1).replayMaxFrames(BACKLOG)
                .replayMaxChars(1L << 30).replayGlobalMaxChars(1L << 30));
        for (int i = 0; i < BACKLOG; i++) {
            host.session().send(Message.text("m" + i));
        }
        List<String> written = new CopyOnWriteArrayList<>();
        AtomicReference<MessageHandler.Whole<String>> onText = new AtomicReference<>();
        WebSocketTransport transport = new WebSocketTransport(host,
                new Handshake(null, Map.of(), Map.of(), "127.0.0.1", null));
        transport.onOpen(inlineSocket(written, onText), null);
        onText.get().onMessage("{\"t\":\"hello\",\"sid\":\"sid\",\"token\":\"token\",\"ack\":0}");

        // One message per write (maxBatch 1): a writer that recursed once per completion would need
        // 4,000 nested calls, far beyond this thread's stack.
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(null, () -> {
            try {
                host.runTasks();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "small-stack-writer", 128 * 1024);
        writer.start();
        writer.join();

        assertNull(failure.get(), () -> "the writer failed: " + failure.get());
        assertEquals(BACKLOG + 1, written.size(), "the welcome and every message are written");
        assertEquals("{\"t\":\"msg\",\"seq\":" + BACKLOG + ",\"d\":\"m" + (BACKLOG - 1) + "\"}",
                written.get(BACKLOG));
    }

    @SuppressWarnings("unchecked")
    private static Session inlineSocket(List<String> written, AtomicReference<MessageHandler.Whole<String>> onText) {
        ClassLoader loader = WriteLoopTest.class.getClassLoader();
        RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(loader,
                new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendText") && args.length == 2) {
                        written.add((String) args[0]);
                        ((SendHandler) args[1]).onResult(new SendResult());
                    }
                    return null;
                });
        return (Session) Proxy.newProxyInstance(loader, new Class<?>[] {Session.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getAsyncRemote":
                            return remote;
                        case "addMessageHandler":
                            if (args[0] == String.class) {
                                onText.set((MessageHandler.Whole<String>) args[1]);
                            }
                            return null;
                        case "isOpen":
                            return true;
                        default:
                            return null;
                    }
                });
    }
}
