package dev.duplex.bench;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The raw-Jetty reference: the plainest fast fan-out, with no protocol, acks, sequence numbers, JSON or
 * replay. WebSocket: one async send in flight per connection, everything queued meanwhile coalesced into the
 * next text message (payloads joined by newlines). Long-poll: {@code GET /raw/poll} with {@code X-Id} returns
 * the client's queued batch at once, or parks until the next publish (25 s max); {@code POST /raw/send} echoes
 * its body to the sender's own queue.
 */
final class RawHub {
    static volatile boolean greet;
    static final Set<Conn> SOCKETS = ConcurrentHashMap.newKeySet();
    static final ConcurrentHashMap<String, PollClient> POLLS = new ConcurrentHashMap<>();

    private RawHub() {
    }

    static int sessions() {
        return SOCKETS.size() + POLLS.size();
    }

    static void broadcast(String payload) {
        for (Conn c : SOCKETS) {
            c.enqueue(payload);
        }
        for (PollClient p : POLLS.values()) {
            p.enqueue(payload);
        }
    }

    /** Writer threads, as many as Duplex's default {@code flushThreads}: a publish only enqueues. */
    static final ExecutorService FLUSH = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "raw-flush");
        t.setDaemon(true);
        return t;
    });

    /**
     * One WebSocket connection's coalescing writer: a publish appends to the queue and schedules one flush;
     * the flush sends everything queued as one text message; at most one send in flight, and whatever arrives
     * meanwhile goes out in the next.
     */
    static final class Conn implements SendHandler {
        private final RemoteEndpoint.Async remote;
        private final StringBuilder queue = new StringBuilder();
        private boolean busy;

        Conn(RemoteEndpoint.Async remote) {
            this.remote = remote;
        }

        void enqueue(String message) {
            synchronized (this) {
                if (queue.length() > 0) {
                    queue.append('\n');
                }
                queue.append(message);
                if (busy) {
                    return;
                }
                busy = true;
            }
            FLUSH.execute(this::flush);
        }

        private void flush() {
            String text;
            synchronized (this) {
                if (queue.length() == 0) {
                    busy = false;
                    return;
                }
                text = queue.toString();
                queue.setLength(0);
            }
            try {
                remote.sendText(text, this);
            } catch (RuntimeException e) {
                onResult(new SendResult(e));
            }
        }

        @Override
        public void onResult(SendResult result) {
            if (!result.isOK()) {
                synchronized (this) {
                    queue.setLength(0);
                    busy = false;
                }
                return;
            }
            boolean more;
            synchronized (this) {
                more = queue.length() > 0;
                if (!more) {
                    busy = false;
                }
            }
            if (more) {
                FLUSH.execute(this::flush);
            }
        }
    }

    /** The WebSocket endpoint: registers for broadcasts, echoes what it receives. */
    public static final class Socket extends Endpoint {
        private Conn conn;

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            conn = new Conn(session.getAsyncRemote());
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) conn::enqueue);
            SOCKETS.add(conn);
            if (greet) {
                conn.enqueue(BenchServer.payload(0, 50));
            }
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            SOCKETS.remove(conn);
        }

        @Override
        public void onError(Session session, Throwable error) {
            SOCKETS.remove(conn);
        }
    }

    /** One long-poll client's queue and parked request. */
    static final class PollClient implements AsyncListener {
        private final StringBuilder queue = new StringBuilder();
        private AsyncContext parked;

        void enqueue(String message) {
            AsyncContext ready;
            String body;
            synchronized (this) {
                if (queue.length() > 0) {
                    queue.append('\n');
                }
                queue.append(message);
                if (parked == null) {
                    return;
                }
                ready = parked;
                parked = null;
                body = drain();
            }
            answer(ready, body);
        }

        void poll(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            AsyncContext previous;
            synchronized (this) {
                previous = parked;
                parked = null;
                if (queue.length() == 0) {
                    AsyncContext ac = req.startAsync();
                    ac.setTimeout(25_000);
                    ac.addListener(this);
                    parked = ac;
                }
            }
            if (previous != null) {
                answer(previous, "");
            }
            String body;
            synchronized (this) {
                if (parked != null) {
                    return;
                }
                body = drain();
            }
            write(resp, body);
        }

        private String drain() {
            String body = queue.toString();
            queue.setLength(0);
            return body;
        }

        private static void answer(AsyncContext ac, String body) {
            try {
                write((HttpServletResponse) ac.getResponse(), body);
            } catch (IOException | RuntimeException e) {
                // The client went away; its next poll gets the rest.
            }
            ac.complete();
        }

        private static void write(HttpServletResponse resp, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            resp.setContentType("text/plain");
            resp.setContentLength(bytes.length);
            resp.getOutputStream().write(bytes);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            AsyncContext ac = event.getAsyncContext();
            synchronized (this) {
                if (parked != ac) {
                    return;
                }
                parked = null;
            }
            answer(ac, "");
        }

        @Override
        public void onComplete(AsyncEvent event) {
        }

        @Override
        public void onError(AsyncEvent event) {
            synchronized (this) {
                if (parked == event.getAsyncContext()) {
                    parked = null;
                }
            }
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }
    }

    /** {@code GET /raw/poll} and {@code POST /raw/send}. */
    static final class PollServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String id = req.getHeader("X-Id");
            PollClient client = POLLS.get(id);
            if (client == null) {
                client = new PollClient();
                PollClient prior = POLLS.putIfAbsent(id, client);
                if (prior != null) {
                    client = prior;
                } else if (greet) {
                    client.enqueue(BenchServer.payload(0, 50));
                }
            }
            client.poll(req, resp);
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            PollClient client = POLLS.get(req.getHeader("X-Id"));
            String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (client != null) {
                client.enqueue(body);
            }
            resp.setContentLength(0);
        }
    }
}
