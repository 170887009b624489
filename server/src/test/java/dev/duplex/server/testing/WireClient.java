package dev.duplex.server.testing;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.duplex.server.protocol.CloseCodes;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.FrameCodec;
import dev.duplex.server.protocol.ProtocolException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A Duplex client written from PROTOCOL.md with nothing but {@code java.net.http}: the conformance
 * client of the contract tests. It numbers, acks, replays and dedupes like a real client, and lets a test
 * switch or kill transports at will.
 */
public final class WireClient implements AutoCloseable {
    private static final FrameCodec CODEC = new FrameCodec();
    private static final int MAX_BATCH = 100;

    // The client's own pool, shut down on close: the JDK's default pool keeps idle threads for a minute, which
    // every resource check after a scenario would count as a leak.
    private final ExecutorService httpThreads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "wire-client-http");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(httpThreads).build();
    /** The mount's URI on each node, taken in turn by every request: a round-robin load balancer. */
    private final List<URI> bases;
    private final AtomicInteger turn = new AtomicInteger();
    private final String origin;
    private final Object lock = new Object();
    private final TreeMap<Long, String> unacked = new TreeMap<>();
    private final ExecutorService sender = Executors.newSingleThreadExecutor();
    private final AtomicBoolean pumpScheduled = new AtomicBoolean();
    private String sid;
    private String token;
    private long nextSeq = 1;
    private long received;
    private volatile boolean webSocketActive;
    private final AtomicInteger pollGeneration = new AtomicInteger();
    private volatile Thread poller;
    private volatile WebSocket socket;
    private volatile CompletableFuture<Frame.Welcome> welcome;

    /** Accepted server frames, in order, each once. */
    public final BlockingQueue<Frame.Sequenced> inbox = new LinkedBlockingQueue<>();
    /** Every reset the server announced. */
    public final List<Frame.Reset> resets = new CopyOnWriteArrayList<>();
    /** Close codes of WebSockets the server closed. */
    public final List<Integer> webSocketCloses = new CopyOnWriteArrayList<>();
    /** HTTP statuses of failed polls and sends. */
    public final List<Integer> httpErrors = new CopyOnWriteArrayList<>();
    public final AtomicInteger duplicates = new AtomicInteger();
    public final AtomicInteger gaps = new AtomicInteger();
    /** WebSockets given up after a switch because they answered a ping with neither a pong nor a close. */
    public final AtomicInteger silentSockets = new AtomicInteger();
    private volatile Consumer<Frame> observer = frame -> { };
    private final AtomicInteger pingIds = new AtomicInteger();
    private final Set<String> pongs = ConcurrentHashMap.newKeySet();

    /** Every node that answered a request, by its {@code X-Duplex-Node} header, in order. */
    public final List<String> servedBy = new CopyOnWriteArrayList<>();

    /** A client for the mount at {@code base}; {@code origin} is sent as {@code Origin} unless null. */
    public WireClient(URI base, String origin) {
        this(List.of(base), origin);
    }

    /**
     * A client of a cluster: each request, and each WebSocket, goes to the next of {@code bases} in turn, as
     * through a round-robin load balancer without stickiness.
     */
    public WireClient(List<URI> bases, String origin) {
        this.bases = List.copyOf(bases);
        this.origin = origin;
    }

    /** Sends the next request (or WebSocket) to {@code bases.get(index)}; the turns go on from there. */
    public WireClient turnTo(int index) {
        turn.set(index);
        return this;
    }

    private URI base() {
        return bases.get(Math.floorMod(turn.getAndIncrement(), bases.size()));
    }

    /**
     * Shows {@code frames} every accepted server frame and every reset, in the order the client took them, on
     * the thread that took them: what a delivery oracle needs, since the inbox and the reset list alone lose
     * their relative order.
     */
    public WireClient observe(Consumer<Frame> frames) {
        observer = frames;
        return this;
    }

    public String sid() {
        return sid;
    }

    public String token() {
        return token;
    }

    /** Uses another client's session: a stolen-id test, or a resume after the first client died. */
    public WireClient adopt(String sessionId, String sessionToken, long ack) {
        synchronized (lock) {
            sid = sessionId;
            token = sessionToken;
            received = ack;
        }
        return this;
    }

    /** POSTs the handshake; the session's id and token are kept. Returns the handshake JSON. */
    public JsonObject handshake() throws IOException, InterruptedException {
        HttpResponse<String> response = request("/handshake", "POST", "{\"v\":1}", Map.of());
        if (response.statusCode() != 200) {
            throw new IOException("handshake failed: " + response.statusCode() + " " + response.body());
        }
        JsonObject json = JsonParser.parseString(response.body()).getAsJsonObject();
        synchronized (lock) {
            sid = json.get("sid").getAsString();
            token = json.get("token").getAsString();
        }
        return json;
    }

    /** A raw request to {@code base + path} with the session headers and any extra ones. */
    public HttpResponse<String> request(String path, String method, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(40))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            builder.header("Origin", origin);
        }
        if (sid != null) {
            builder.header("X-Duplex-Session", sid).header("X-Duplex-Token", token);
        }
        headers.forEach(builder::header);
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        response.headers().firstValue("X-Duplex-Node").ifPresent(servedBy::add);
        return response;
    }

    // ---- sending ----

    /** Sends an application message whose payload is {@code payloadJson}. Returns its seq. */
    public long send(String payloadJson) {
        return sendSequenced(seq -> new Frame.Msg(seq, null, payloadJson));
    }

    /** Sends a numbered frame built from its seq (sub, unsub, pub, close). */
    public long sendSequenced(java.util.function.LongFunction<Frame.Sequenced> build) {
        long seq;
        String text;
        synchronized (lock) {
            seq = nextSeq++;
            text = CODEC.encode(build.apply(seq));
            unacked.put(seq, text);
        }
        if (webSocketActive) {
            sendOnWebSocket(text);
        } else {
            pump();
        }
        return seq;
    }

    /** Frames sent and not yet acknowledged by the server. */
    public int unackedCount() {
        synchronized (lock) {
            return unacked.size();
        }
    }

    private void pump() {
        if (webSocketActive || !pumpScheduled.compareAndSet(false, true)) {
            return;
        }
        sender.execute(() -> {
            pumpScheduled.set(false);
            while (!webSocketActive) {
                List<String> batch;
                synchronized (lock) {
                    batch = new ArrayList<>(unacked.values()).subList(0, Math.min(MAX_BATCH, unacked.size()));
                }
                if (batch.isEmpty()) {
                    return;
                }
                try {
                    HttpResponse<String> response = request("/send", "POST", "[" + String.join(",", batch) + "]",
                            Map.of("Content-Type", "text/plain;charset=utf-8"));
                    if (response.statusCode() == 200) {
                        process(CODEC.decodeBatch(response.body(), FrameCodec.Direction.SERVER_TO_CLIENT, 1000));
                    } else {
                        httpErrors.add(response.statusCode());
                        return;
                    }
                } catch (IOException | ProtocolException e) {
                    sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private void sendOnWebSocket(String text) {
        sendOn(socket, text);
    }

    /**
     * Sends on {@code ws}, one send at a time. The listener of an old socket answers on that socket, never on
     * {@link #socket}: an ack or pong on a new socket before its hello is a protocol error.
     */
    private static void sendOn(WebSocket ws, String text) {
        if (ws == null) {
            return;
        }
        synchronized (ws) {
            try {
                ws.sendText(text, true).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // The frame stays unacked and is re-sent on the next transport.
            }
        }
    }

    // ---- long-polling ----

    /** Starts a poll loop on its own thread. */
    public void startLongPolling() {
        webSocketActive = false;
        int generation = pollGeneration.incrementAndGet();
        Thread thread = new Thread(() -> pollLoop(generation), "wire-client-poller-" + generation);
        thread.setDaemon(true);
        poller = thread;
        thread.start();
        pump();
    }

    /** Whether a poll loop thread is still running (it ends after its poll in flight returns). */
    public boolean pollerAlive() {
        Thread thread = poller;
        return thread != null && thread.isAlive();
    }

    /** Stops polling after the poll in flight returns. */
    public void stopLongPolling() {
        pollGeneration.incrementAndGet();
    }

    /** Stops polling now, giving up on the poll in flight: what a client does when a poll outlives its timeout. */
    public void abandonPolling() {
        stopLongPolling();
        Thread thread = poller;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Polls until another loop starts or polling stops: a late response must not revive an old loop. */
    private void pollLoop(int generation) {
        while (pollGeneration.get() == generation) {
            long ack;
            synchronized (lock) {
                ack = received;
            }
            try {
                HttpResponse<String> response = request("/poll", "GET", null,
                        Map.of("X-Duplex-Ack", Long.toString(ack)));
                if (response.statusCode() == 200) {
                    process(CODEC.decodeBatch(response.body(), FrameCodec.Direction.SERVER_TO_CLIENT, 100_000));
                } else {
                    httpErrors.add(response.statusCode());
                    pollGeneration.compareAndSet(generation, generation + 1);
                }
            } catch (IOException | ProtocolException e) {
                sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    // ---- WebSocket ----

    /**
     * Opens a WebSocket, sends hello, and waits for welcome; then sends go over it. A poll sent just before
     * the switch can reach the server after the hello and supersede the new WebSocket (4409) before its
     * welcome: that probe is simply tried again.
     */
    public Frame.Welcome startWebSocket() throws Exception {
        stopLongPolling();
        for (int attempt = 1; ; attempt++) {
            int closesBefore = webSocketCloses.size();
            try {
                Frame.Welcome answer = probeWebSocket();
                // The old loop's last poll may still be on its way. Either the loop ends (its parked poll is
                // answered by the hello) and the socket stands, or that poll supersedes the socket (4409),
                // parks in its place, and the socket is probed again, which ends that poll in turn.
                Await.until("the old poll loop to end or take over",
                        () -> !pollerAlive() || !webSocketActive);
                if (stillAttached() || attempt == 3) {
                    return answer;
                }
            } catch (java.util.concurrent.TimeoutException e) {
                int closed = webSocketCloses.size() > closesBefore
                        ? webSocketCloses.get(webSocketCloses.size() - 1) : 0;
                // Superseded (4409), or told to try again later (1013: in a cluster, the session's own requests
                // took it elsewhere first): both transient, as PROTOCOL.md says; anything else is a failure.
                if (closed != 4409 && closed != CloseCodes.TRY_AGAIN_LATER || attempt == 3) {
                    throw new AssertionError("no welcome within 10 s; WebSocket closes seen: " + webSocketCloses, e);
                }
                if (closed == CloseCodes.TRY_AGAIN_LATER) {
                    sleep(100); // "resume after a pause"
                }
            }
        }
    }

    /**
     * Whether the WebSocket survived the old poll loop. Its last poll may have returned at once, with frames,
     * after superseding the socket, and ended the loop before the 4409 arrived: a ping answered on this socket
     * proves the server still has it, since the server closed a superseded socket before that poll returned.
     */
    private boolean stillAttached() throws InterruptedException {
        if (!webSocketActive) {
            return false;
        }
        String id = "attached-" + pingIds.incrementAndGet();
        sendOnWebSocket(CODEC.encode(new Frame.Ping(id)));
        if (!Await.within(10_000, () -> pongs.contains(id) || !webSocketActive)) {
            // Neither a pong nor a close in 10 s: give the socket up, as a client's heartbeat would, and count it.
            silentSockets.incrementAndGet();
            abortWebSocket();
        }
        return webSocketActive;
    }

    private Frame.Welcome probeWebSocket() throws Exception {
        CompletableFuture<Frame.Welcome> waiting = new CompletableFuture<>();
        welcome = waiting;
        WebSocket ws = openWebSocket(new Listener());
        WebSocket previous = socket;
        socket = ws;
        if (previous != null) {
            previous.abort();
        }
        long ack;
        synchronized (lock) {
            ack = received;
        }
        synchronized (ws) {
            ws.sendText(CODEC.encode(new Frame.Hello(sid, token, ack)), true).get(5, TimeUnit.SECONDS);
        }
        Frame.Welcome answer = waitForWelcome(waiting, ws);
        List<String> resend;
        synchronized (lock) {
            unacked.headMap(answer.ack(), true).clear();
            resend = new ArrayList<>(unacked.values());
        }
        webSocketActive = true;
        for (String text : resend) {
            sendOnWebSocket(text);
        }
        return answer;
    }

    /** Waits for welcome, giving up early if the server closes this WebSocket first. */
    private Frame.Welcome waitForWelcome(CompletableFuture<Frame.Welcome> waiting, WebSocket ws) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try {
                return waiting.get(20, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                if (ws.isInputClosed()) {
                    break;
                }
            }
        }
        throw new java.util.concurrent.TimeoutException("no welcome");
    }

    /** Opens a raw WebSocket to the mount with {@code listener}, sending this client's Origin. */
    public WebSocket openWebSocket(WebSocket.Listener listener) throws Exception {
        URI uri = URI.create(base().toString().replaceFirst("^http", "ws") + "/ws");
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) {
            builder.header("Origin", origin);
        }
        return builder.buildAsync(uri, listener).get(10, TimeUnit.SECONDS);
    }

    /** Closes the WebSocket with a close frame (1000), as a page that navigates away does; the session stays. */
    public void closeWebSocket() {
        webSocketActive = false;
        WebSocket ws = socket;
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }

    /** Opens a fresh WebSocket, sends {@code first}, and returns the close code the server answers with. */
    public int closeCodeAfter(Frame first) throws Exception {
        return closeCodeAfter(ws -> ws.sendText(CODEC.encode(first), true));
    }

    /**
     * Opens a fresh WebSocket, says {@code hello} for this client's session when {@code hello}, then sends
     * {@code bytes} as one binary message; returns the close code the server answers with.
     */
    public int closeCodeAfterBinary(boolean hello, byte[] bytes) throws Exception {
        return closeCodeAfter(ws -> {
            if (hello) {
                ws.sendText(CODEC.encode(new Frame.Hello(sid, token, 0)), true).join();
            }
            ws.sendBinary(ByteBuffer.wrap(bytes), true);
        });
    }

    private int closeCodeAfter(Consumer<WebSocket> send) throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket ws = openWebSocket(new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                closed.complete(code);
                return null;
            }
        });
        send.accept(ws);
        return closed.get(10, TimeUnit.SECONDS);
    }

    /** The close code a fresh WebSocket gets for this client's {@code hello}: 4404 once the session is gone. */
    public int helloCloseCode() throws Exception {
        return closeCodeAfter(new Frame.Hello(sid, token, 0));
    }

    /** Cuts the WebSocket's TCP connection without a close frame. */
    public void abortWebSocket() {
        webSocketActive = false;
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    List<Frame> frames = CODEC.decodeMessage(text, FrameCodec.Direction.SERVER_TO_CLIENT, 100_000);
                    boolean sequenced = false;
                    for (Frame frame : frames) {
                        if (frame instanceof Frame.Welcome w) {
                            welcome.complete(w);
                        } else if (frame instanceof Frame.Pong p && p.id() != null) {
                            pongs.add(p.id());
                        } else if (frame instanceof Frame.Ping p) {
                            CompletableFuture.runAsync(() -> sendOn(ws, CODEC.encode(new Frame.Pong(p.id()))));
                        }
                        sequenced |= frame instanceof Frame.Sequenced;
                    }
                    process(frames);
                    if (sequenced) {
                        long ack;
                        synchronized (lock) {
                            ack = received;
                        }
                        CompletableFuture.runAsync(() -> sendOn(ws, CODEC.encode(new Frame.Ack(ack))));
                    }
                } catch (ProtocolException e) {
                    gaps.incrementAndGet();
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            webSocketCloses.add(statusCode);
            if (socket == ws) {
                webSocketActive = false;
            }
            // The JDK leaves the output side open until the client closes it too; abort releases the socket.
            ws.abort();
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            if (socket == ws) {
                webSocketActive = false;
            }
            // A socket that failed (a FIN or RST under it) is not closed by the JDK: without this its descriptor
            // stays open until the JVM exits, which the resource checks count as a leak.
            ws.abort();
        }
    }

    // ---- inbound ----

    private void process(List<Frame> frames) {
        synchronized (lock) {
            for (Frame frame : frames) {
                if (frame instanceof Frame.Sequenced s) {
                    if (s.seq() <= received) {
                        duplicates.incrementAndGet();
                    } else if (s.seq() == received + 1) {
                        received = s.seq();
                        inbox.add(s);
                        observer.accept(s);
                    } else {
                        gaps.incrementAndGet();
                    }
                } else if (frame instanceof Frame.Reset r) {
                    resets.add(r);
                    received = Math.max(received, r.to());
                    observer.accept(r);
                } else if (frame instanceof Frame.Ack a) {
                    unacked.headMap(a.ack(), true).clear();
                }
            }
        }
    }

    /** The client's state, for failure messages. */
    public String describe() {
        synchronized (lock) {
            return "client[received=" + received + ", nextSeq=" + nextSeq + ", unacked=" + unacked.size()
                    + ", webSocketActive=" + webSocketActive + ", pollGeneration=" + pollGeneration.get()
                    + ", wsCloses=" + webSocketCloses + ", httpErrors=" + httpErrors + ", duplicates="
                    + duplicates + ", gaps=" + gaps + ", silentSockets=" + silentSockets + ", resets=" + resets + "]";
        }
    }

    /** Waits up to 10 s for the server to close a WebSocket; returns its close code. */
    public int webSocketClosesAwait() throws InterruptedException {
        Await.until("the server closing the WebSocket", () -> !webSocketCloses.isEmpty());
        return webSocketCloses.get(0);
    }

    /** Takes the next accepted server frame, waiting up to {@code seconds}. */
    public Frame.Sequenced next(int seconds) throws InterruptedException {
        Frame.Sequenced frame = inbox.poll(seconds, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within " + seconds + " s; " + describe());
        }
        return frame;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopLongPolling();
        abortWebSocket();
        sender.shutdownNow();
        httpThreads.shutdown();
        Thread thread = poller;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
