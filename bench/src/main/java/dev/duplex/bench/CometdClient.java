package dev.duplex.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.cometd.client.transport.ClientTransport;
import org.cometd.client.websocket.jakarta.WebSocketTransport;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.ee10.websocket.jakarta.client.JakartaWebSocketClientContainer;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A CometD {@code BayeuxClient} (9.0.0) subscribed to {@code /bench}: the client of the {@code cometd} peer and
 * of Duplex's Bayeux front door ({@code bayeux}). Long-polling through {@code cometd-java-client-http-jetty},
 * WebSocket through {@code cometd-java-client-websocket-jakarta} on Jetty's Jakarta client; no extensions (no
 * ack extension). All clients of a run share one Jetty {@code HttpClient} (its own cookie store left empty:
 * each {@code BayeuxClient} keeps its own cookies, so each is its own browser to the server), one WebSocket
 * container and one scheduler, as CometD's own load client does.
 */
final class CometdClient extends ClientSession {
    private static final Map<Load, Stack> STACKS = new ConcurrentHashMap<>();
    private final String transport;
    private volatile BayeuxClient client;

    CometdClient(Load load, int id, String transport) {
        super(load, id);
        this.transport = transport;
    }

    /** One run's shared client machinery. */
    static final class Stack implements AutoCloseable {
        final HttpClient http = new HttpClient();
        final JakartaWebSocketClientContainer webSocket;
        final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, Load.daemon("cometd-sched"));
        private final Load load;

        Stack(Load load) {
            this.load = load;
            QueuedThreadPool pool = new QueuedThreadPool(16);
            pool.setName("cometd-client");
            pool.setDaemon(true);
            http.setExecutor(pool);
            http.setMaxConnectionsPerDestination(40_000);
            http.setMaxRequestsQueuedPerDestination(100_000);
            http.setHttpCookieStore(new HttpCookieStore.Empty());
            http.setConnectTimeout(20_000);
            webSocket = new JakartaWebSocketClientContainer(http);
            webSocket.setDefaultMaxSessionIdleTimeout(0);
            try {
                http.start();
                webSocket.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            STACKS.remove(load);
            LifeCycle.stop(webSocket);
            LifeCycle.stop(http);
            scheduler.shutdownNow();
        }
    }

    private Stack stack() {
        return STACKS.computeIfAbsent(load, l -> {
            Stack s = new Stack(l);
            l.resources.add(s);
            return s;
        });
    }

    @Override
    void start() {
        Stack stack = stack();
        Map<String, Object> options = new HashMap<>();
        ClientTransport t = transport.equals("ws")
                ? new WebSocketTransport(options, stack.scheduler, stack.webSocket)
                : new JettyHttpClientTransport(options, stack.http);
        BayeuxClient c = new BayeuxClient(load.base.toString(), stack.scheduler, t);
        client = c;
        // A failed handshake (an overloaded machine: "Network delay expired") is retried by the client itself,
        // with its back-off, and so is a session the server expired meanwhile (402::session_unknown): each
        // successful handshake subscribes, as CometD applications do; the first successful subscribe is ready.
        c.getChannel(Channel.META_HANDSHAKE).addListener((ClientSessionChannel.MessageListener) (meta, reply) -> {
            if (!reply.isSuccessful()) {
                return;
            }
            c.getChannel(PeerServers.BAYEUX_CHANNEL).subscribe((channel, message) -> receive(message),
                    subscribed -> {
                        if (subscribed.isSuccessful()) {
                            attachedAt = System.nanoTime();
                            ready.complete(attachedAt);
                        } else {
                            load.errors.increment();
                        }
                    });
        });
        c.handshake();
    }

    private void receive(Message message) {
        Object data = message.getData();
        if (data instanceof String payload) {
            onPayload(payload);
        } else {
            load.errors.increment();
        }
    }

    @Override
    void cut() {
        throw new UnsupportedOperationException("the peers run fanout and idle-mem only");
    }

    @Override
    void send(String payload) {
        BayeuxClient c = client;
        if (c != null) {
            c.getChannel(PeerServers.BAYEUX_CHANNEL).publish(payload);
        }
    }

    @Override
    void close() {
        super.close();
        BayeuxClient c = client;
        if (c != null) {
            c.abort();
        }
    }
}
