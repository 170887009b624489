package dev.duplex.bayeux.websocket;

import com.google.gson.JsonObject;
import dev.duplex.bayeux.engine.BayeuxEngine;
import dev.duplex.bayeux.engine.RequestInfo;
import dev.duplex.bayeux.message.BayeuxCodec;
import dev.duplex.bayeux.message.BayeuxError;
import dev.duplex.bayeux.message.BayeuxException;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One Bayeux WebSocket. Writes are queued and sent one at a time, as the WebSocket API allows only one
 * pending asynchronous send; nothing here blocks a thread on the network. The server's
 * {@code websocket.WebSocketUpgrade} hands it to the container.
 */
public final class BayeuxWebSocket extends Endpoint {
    private static final System.Logger LOG = System.getLogger(BayeuxWebSocket.class.getName());

    private final BayeuxEngine engine;
    private final RequestInfo info;
    private final BayeuxCodec codec;
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private boolean sending;
    private volatile Session socket;

    public BayeuxWebSocket(BayeuxEngine engine, RequestInfo info) {
        this.engine = engine;
        this.info = info;
        this.codec = new BayeuxCodec(engine.options().maxBatch());
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        socket = session;
        session.setMaxTextMessageBufferSize(engine.hub().options().maxPostBytes());
        session.setMaxIdleTimeout(0);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::onText);
    }

    private void onText(String text) {
        List<JsonObject> batch;
        try {
            batch = codec.parse(text);
        } catch (BayeuxException e) {
            close(e.error() == BayeuxError.TOO_LARGE ? CloseReason.CloseCodes.TOO_BIG
                    : CloseReason.CloseCodes.CANNOT_ACCEPT, e.describe());
            return;
        }
        engine.handle(batch, info, replies -> send(BayeuxCodec.write(replies)));
    }

    private void send(String text) {
        synchronized (pending) {
            if (sending) {
                pending.addLast(text);
                return;
            }
            sending = true;
        }
        write(text);
    }

    private void write(String text) {
        Session current = socket;
        if (current == null || !current.isOpen()) {
            return;
        }
        current.getAsyncRemote().sendText(text, this::written);
    }

    private void written(SendResult result) {
        if (!result.isOK()) {
            LOG.log(Level.DEBUG, "Bayeux WebSocket write failed", result.getException());
        }
        String next;
        synchronized (pending) {
            next = pending.pollFirst();
            sending = next != null;
        }
        if (next != null) {
            // On another thread: a container may complete a send inside sendText, and calling write from here
            // would then nest one stack frame per queued reply.
            engine.hub().flushExecutor().execute(() -> write(next));
        }
    }

    private void close(CloseReason.CloseCode code, String reason) {
        try {
            socket.close(new CloseReason(code, reason.length() > 120 ? reason.substring(0, 120) : reason));
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "Bayeux WebSocket close failed", e);
        }
    }

    @Override
    public void onError(Session session, Throwable failure) {
        LOG.log(Level.DEBUG, "Bayeux WebSocket failed", failure);
    }
}
