package dev.duplex.bench;

import dev.duplex.server.api.Channel;
import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.Duplex;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Hub;
import dev.duplex.server.api.Message;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.io.NetworkTrafficListener;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkTrafficServerConnector;
import org.eclipse.jetty.server.Server;

/**
 * The server side of the benchmark, one JVM per run: either Duplex ({@code duplex}) mounted at {@code /d} with
 * default options (but a higher session cap), or the raw-Jetty reference ({@code raw}) at {@code /raw}. Both
 * publish from a server-side thread driven by {@code GET /ctl/publish}, so the server's CPU includes publishing.
 * Prints {@code PORT n} on stdout once started.
 *
 * <p>Flags: {@code --no-ws} (Duplex: WebSocket transport disabled; raw: upgrade refused), {@code --greet}
 * (every new session is sent one message at once: the fallback scenario), {@code --cluster=redis://…?node=A}
 * (Duplex: a node of a Redis cluster, {@code DuplexOptions.cluster}; the cluster-fanout scenario, {@link Nodes}).
 */
public final class BenchServer {
    static final String TOPIC = "bench";
    static final LongAdder BYTES_IN = new LongAdder();
    static final LongAdder BYTES_OUT = new LongAdder();
    private static final AtomicLong NEXT_INDEX = new AtomicLong();
    private static final Object PUBLISH_LOCK = new Object();

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        List<String> flags = Arrays.asList(args);
        boolean webSocket = !flags.contains("--no-ws");
        boolean greet = flags.contains("--greet");
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        // Jetty's default (1024) gives every keep-alive connection that has parsed a second request a
        // ~98 KB header-field trie (an ArrayTrie row of 48 chars per cached character): with thousands of
        // idle connections that trie was most of the heap per session, for Duplex and raw alike. Both
        // servers run without it; see bench/README.md.
        http.setHeaderCacheSize(0);
        NetworkTrafficServerConnector connector = new NetworkTrafficServerConnector(server,
                new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setAcceptQueueSize(4096);
        connector.setIdleTimeout(60_000);
        connector.setNetworkTrafficListener(new NetworkTrafficListener() {
            @Override
            public void incoming(Socket socket, ByteBuffer bytes) {
                BYTES_IN.add(bytes.remaining());
            }

            @Override
            public void outgoing(Socket socket, ByteBuffer bytes) {
                BYTES_OUT.add(bytes.remaining());
            }
        });
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        AtomicReference<Consumer<String>> publisher = new AtomicReference<>();
        AtomicReference<Hub> hub = new AtomicReference<>();
        AtomicReference<java.util.function.IntSupplier> sessions = new AtomicReference<>();
        if ("cometd".equals(kind)) {
            PeerServers.cometd(server, context, publisher, sessions);
        } else if ("bayeux".equals(kind)) {
            PeerServers.duplexBayeux(context, DuplexOptions.builder().maxSessions(50_000)
                    .maxPollsPerAddress(Integer.getInteger("bench.maxPollsPerAddress", 100_000)).build(), publisher,
                    sessions);
        } else if ("duplex".equals(kind)) {
            JakartaWebSocketServletContainerInitializer.configure(context, null);
            DuplexOptions options = DuplexOptions.builder().maxSessions(50_000)
                    .maxPollsPerAddress(Integer.getInteger("bench.maxPollsPerAddress", 100_000))
                    .webSocketEnabled(webSocket).cluster(flag(flags, "--cluster=")).build();
            context.addEventListener(new ServletContextListener() {
                @Override
                public void contextInitialized(ServletContextEvent event) {
                    hub.set(Duplex.mount(event.getServletContext(), "/d", new BenchHandler(greet), options));
                }
            });
            publisher.set(payload -> hub.get().publish(TOPIC, Message.text(payload)));
        } else {
            RawHub.greet = greet;
            if (webSocket) {
                JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
                    container.setDefaultMaxSessionIdleTimeout(3_600_000);
                    container.addEndpoint(ServerEndpointConfig.Builder.create(RawHub.Socket.class, "/raw/ws").build());
                });
            }
            ServletHolder poll = new ServletHolder(new RawHub.PollServlet());
            poll.setAsyncSupported(true);
            context.addServlet(poll, "/raw/*");
            publisher.set(RawHub::broadcast);
        }
        ServletHolder control = new ServletHolder(new Control(publisher, () -> sessions.get() != null
                ? sessions.get().getAsInt() : hub.get() == null ? RawHub.sessions() : hub.get().channelCount()));
        context.addServlet(control, "/ctl/*");
        server.setHandler(context);
        if (!flag(flags, "--cluster=").isEmpty()) {
            // A cluster node stopped with SIGTERM (cluster-churn's rolling restart) stops its mount first, while
            // the connector still serves: its sessions are handed off and their clients told 'away', as the demo
            // launcher does (docs/cluster.md, "A node that stops").
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                Duplex.stop(context.getServletContext());
                try {
                    server.stop();
                } catch (Exception e) {
                    System.err.println("stopping Jetty failed: " + e);
                }
            }, "bench-node-stop"));
        }
        server.start();
        System.out.println("PORT " + connector.getLocalPort());
        System.out.flush();
        server.join();
    }

    /** The value of {@code --name=value} among the flags, or "" if absent. */
    static String flag(List<String> flags, String prefix) {
        return flags.stream().filter(f -> f.startsWith(prefix)).map(f -> f.substring(prefix.length())).findFirst()
                .orElse("");
    }

    /** Microseconds since the epoch: both JVMs share the machine's clock. */
    static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** A payload {@code <sendMicros>:<index>:xxxx…} sent now, of {@code size} characters (at least its prefix). */
    static String payload(long index, int size) {
        return payload(nowMicros(), index, size);
    }

    /** A payload {@code <sendMicros>:<index>:xxxx…} due at {@code sendMicros} (epoch µs). */
    static String payload(long sendMicros, long index, int size) {
        StringBuilder b = new StringBuilder(size + 8).append(sendMicros).append(':').append(index).append(':');
        while (b.length() < size) {
            b.append('x');
        }
        return b.toString();
    }

    /** The Duplex application: echoes messages; optionally greets. Subscriptions are the client's. */
    static final class BenchHandler implements ChannelHandler {
        private final boolean greet;

        BenchHandler(boolean greet) {
            this.greet = greet;
        }

        @Override
        public void onOpen(Channel channel) {
            if (greet) {
                channel.send(Message.text(payload(0, 50)));
            }
        }

        @Override
        public void onMessage(Channel channel, Message message) {
            channel.send(message);
        }
    }

    /** {@code /ctl/publish?rate=&count=&size=}, {@code /ctl/stats}, {@code /ctl/mem}. */
    static final class Control extends HttpServlet {
        private final AtomicReference<Consumer<String>> publisher;
        private final java.util.function.IntSupplier sessions;

        Control(AtomicReference<Consumer<String>> publisher, java.util.function.IntSupplier sessions) {
            this.publisher = publisher;
            this.sessions = sessions;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String out;
            switch (req.getPathInfo()) {
                case "/publish" -> out = publish(Integer.parseInt(req.getParameter("rate")),
                        Integer.parseInt(req.getParameter("count")), Integer.parseInt(req.getParameter("size")));
                case "/stats" -> out = "sessions=" + sessions.getAsInt() + " in=" + BYTES_IN.sum()
                        + " out=" + BYTES_OUT.sum() + " published=" + NEXT_INDEX.get();
                case "/mem" -> out = mem();
                default -> out = "?";
            }
            resp.setContentType("text/plain");
            resp.getOutputStream().write(out.getBytes(StandardCharsets.UTF_8));
        }

        private String publish(int rate, int count, int size) {
            synchronized (PUBLISH_LOCK) {
                long first = NEXT_INDEX.get() + 1;
                long period = 1_000_000_000L / rate;
                long start = System.nanoTime();
                long startMicros = nowMicros();
                Consumer<String> target = publisher.get();
                for (int i = 0; i < count; i++) {
                    long due = start + i * period;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    // Stamped with when it was due, not when the publisher got to it: a server whose publish
                    // call does the fan-out itself slows its publisher down under load, and stamping the actual
                    // time would hide that delay from the latency figures (coordinated omission).
                    long dueMicros = startMicros + (due - start) / 1_000;
                    target.accept(payload(dueMicros, NEXT_INDEX.incrementAndGet(), size));
                }
                return "first=" + first + " last=" + NEXT_INDEX.get() + " nanos=" + (System.nanoTime() - start);
            }
        }

        private static String mem() throws IOException {
            for (int i = 0; i < 3; i++) {
                System.gc();
                LockSupport.parkNanos(200_000_000L);
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return "heap=" + heap + " rss=" + rss;
        }
    }
}
