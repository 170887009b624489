package dev.duplex.server.testing;

import com.google.gson.JsonParser;
import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.FrameCodec;
import dev.duplex.server.protocol.ProtocolException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One session on one transport, driven byte for byte: a test sends exact wire text ({@link #send}) and sees
 * every frame the server answers with, transport frames included, in arrival order ({@link #frames}). It acks
 * what it receives, as any client must, and numbers nothing itself. Long-polling: sends are {@code POST}s,
 * whose answers land in {@link #frames} too, while a poll loop runs. WebSocket: one socket after
 * {@code hello}/{@code welcome}.
 */
public final class RawChannel implements AutoCloseable {
    private static final FrameCodec CODEC = new FrameCodec();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "raw-channel");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().executor(threads).build();
    private final URI base;
    private final boolean webSocket;
    private final String sid;
    private final String token;
    private volatile WebSocket socket;
    private volatile boolean closed;
    private volatile long received;

    /** Every server frame, in arrival order. */
    public final List<Frame> frames = new CopyOnWriteArrayList<>();
    /** Status of every {@code POST M/send}, with its response. */
    public final List<HttpResponse<String>> posts = new CopyOnWriteArrayList<>();
    /** The WebSocket's close code and reason, once the server closed it. */
    public final CompletableFuture<String> webSocketClosed = new CompletableFuture<>();
    /** Sees each frame as it arrives, on the receiving thread (a paced sender reacts to slow here). */
    private volatile Consumer<Frame> listener = frame -> { };

    private RawChannel(URI base, boolean webSocket) throws IOException, InterruptedException {
        this.base = base;
        this.webSocket = webSocket;
        HttpResponse<String> hs = http.send(HttpRequest.newBuilder(URI.create(base + "/handshake")).timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString("{\"v\":1}")).build(), HttpResponse.BodyHandlers.ofString());
        var json = JsonParser.parseString(hs.body()).getAsJsonObject();
        sid = json.get("sid").getAsString();
        token = json.get("token").getAsString();
    }

    /** A new session on long-polling (a poll loop) or on a WebSocket (attached once this returns). */
    public static RawChannel open(URI base, boolean webSocket) throws Exception {
        RawChannel channel = new RawChannel(base, webSocket);
        if (webSocket) {
            channel.attachWebSocket();
        } else {
            channel.threads.execute(channel::pollLoop);
        }
        return channel;
    }

    /** Calls {@code frames} for each frame from now on. */
    public RawChannel listen(Consumer<Frame> frames) {
        listener = frames;
        return this;
    }

    public boolean isWebSocket() {
        return webSocket;
    }

    /**
     * Sends exact wire text: a {@code POST M/send} body on long-polling (returns its response), one text
     * message on a WebSocket (returns null).
     */
    public HttpResponse<String> send(String text) throws Exception {
        if (webSocket) {
            WebSocket ws = socket;
            synchronized (ws) {
                ws.sendText(text, true).get(10, TimeUnit.SECONDS);
            }
            return null;
        }
        HttpResponse<String> response = request("/send", HttpRequest.newBuilder(URI.create(base + "/send"))
                .POST(HttpRequest.BodyPublishers.ofString(text)).header("Content-Type", "text/plain;charset=utf-8"));
        posts.add(response);
        if (response.statusCode() == 200) {
            take(response.body());
        }
        return response;
    }

    /** The first frame so far, or within 10 s, that {@code matches}. */
    public Frame await(String what, Predicate<Frame> matches) throws InterruptedException {
        Await.until(what + "; frames so far: " + frames, () -> frames.stream().anyMatch(matches));
        return frames.stream().filter(matches).findFirst().orElseThrow();
    }

    /** The highest server seq received in order, which this channel has acked or will ack next. */
    public long received() {
        return received;
    }

    private void pollLoop() {
        while (!closed) {
            try {
                HttpResponse<String> response = request("/poll", HttpRequest.newBuilder(URI.create(base + "/poll"))
                        .GET().header("X-Duplex-Ack", Long.toString(received)));
                if (response.statusCode() != 200) {
                    return;
                }
                take(response.body());
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private HttpResponse<String> request(String path, HttpRequest.Builder builder)
            throws IOException, InterruptedException {
        return http.send(builder.timeout(TIMEOUT).header("X-Duplex-Session", sid).header("X-Duplex-Token", token)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private void attachWebSocket() throws Exception {
        socket = http.newWebSocketBuilder().buildAsync(URI.create(base.toString().replaceFirst("^http", "ws")
                + "/ws"), new Listener()).get(10, TimeUnit.SECONDS);
        send(CODEC.encode(new Frame.Hello(sid, token, 0)));
        await("welcome", Frame.Welcome.class::isInstance);
    }

    /** Takes server wire text; returns whether it held sequenced frames (which a WebSocket then acks). */
    private synchronized boolean take(String text) {
        List<Frame> batch;
        try {
            batch = CODEC.decodeMessage(text, FrameCodec.Direction.SERVER_TO_CLIENT, 100_000);
        } catch (ProtocolException e) {
            throw new AssertionError("the server sent undecodable text: " + text, e);
        }
        boolean sequenced = false;
        for (Frame frame : batch) {
            if (frame instanceof Frame.Sequenced s && s.seq() == received + 1) {
                received = s.seq();
                sequenced = true;
            }
            frames.add(frame);
            listener.accept(frame);
        }
        return sequenced;
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (take(text)) {
                    String ack = CODEC.encode(new Frame.Ack(received));
                    CompletableFuture.runAsync(() -> {
                        synchronized (ws) {
                            ws.sendText(ack, true).join();
                        }
                    }, threads);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            webSocketClosed.complete(statusCode + " " + reason);
            ws.abort();
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            webSocketClosed.complete("error " + error);
            ws.abort();
        }
    }

    /** The WebSocket's close code, waiting up to 10 s for the server to close it. */
    public int awaitCloseCode() throws Exception {
        String closing = webSocketClosed.get(10, TimeUnit.SECONDS);
        return Integer.parseInt(closing.substring(0, closing.indexOf(' ')));
    }

    @Override
    public void close() {
        closed = true;
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        threads.shutdownNow();
    }
}
