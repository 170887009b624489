package dev.duplex.server.testing;

import dev.duplex.server.Duplex;
import dev.duplex.server.api.Channel;
import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Hub;
import dev.duplex.server.api.Message;
import dev.duplex.server.api.Metrics;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real embedded Jetty 12 on an ephemeral port with one handler mounted at {@code /app/echo}.
 *
 * <p>When a {@link TestCluster} is on the class path (a cluster module runs the contract suite again), it is that
 * many such nodes of one cluster, each with the same handler, behind a round-robin front: {@link #mountUri()},
 * {@link #origin()} and {@link #port()} are the front's, {@link #hub()} is the first node's. A server given a
 * cluster of its own in its options, or a fixed port (a restarted node), stays a single node.
 */
public final class TestServer implements AutoCloseable {
    public static final String CONTEXT = "/app";
    public static final String MOUNT = "/echo";

    private final List<Node> nodes = new ArrayList<>();
    private final TestCluster.Store store;
    private final TestCluster.Front front;

    public TestServer(ChannelHandler handler, DuplexOptions options) throws Exception {
        this(handler, options, 0);
    }

    /** On {@code port}, 0 for any: a restarted node on the port of the one it replaces. */
    public TestServer(ChannelHandler handler, DuplexOptions options, int port) throws Exception {
        Optional<TestCluster> cluster = port == 0 && options.cluster().isEmpty() ? TestCluster.find()
                : Optional.empty();
        if (cluster.isEmpty()) {
            store = null;
            front = null;
            nodes.add(new Node(handler, options, port));
            return;
        }
        store = cluster.get().store();
        TestCluster.Front started = null;
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < cluster.get().size(); i++) {
                Node node = new Node(handler, withCluster(options,
                        store.clusterOption(String.valueOf((char) ('A' + i)))), 0);
                nodes.add(node);
                ports.add(node.connector.getLocalPort());
            }
            started = store.front(ports);
        } catch (Exception | Error e) {
            close();
            throw e;
        }
        front = started;
    }

    /** {@code options} with another {@code cluster}, every other component kept (new ones too). */
    private static DuplexOptions withCluster(DuplexOptions options, String cluster)
            throws ReflectiveOperationException {
        RecordComponent[] components = DuplexOptions.class.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = components[i].getName().equals("cluster") ? cluster
                    : components[i].getAccessor().invoke(options);
        }
        return DuplexOptions.class.getDeclaredConstructor(types).newInstance(values);
    }

    /** The mount's base URI, e.g. {@code http://127.0.0.1:PORT/app/echo}. */
    public URI mountUri() {
        return URI.create("http://127.0.0.1:" + port() + CONTEXT + MOUNT);
    }

    /** The server's own origin. */
    public String origin() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return front != null ? front.port() : nodes.get(0).connector.getLocalPort();
    }

    /**
     * The hub; on a cluster, the first node's, except that {@link Hub#channel} finds a channel on whichever node
     * holds it and {@link Hub#channelCount} counts every node's, as the contract tests look at sessions the front
     * may have placed on any node.
     */
    public Hub hub() {
        return nodes.size() == 1 ? nodes.get(0).hub.get()
                : new EveryNode(nodes.stream().map(n -> n.hub.get()).toList());
    }

    /**
     * Stops the web application first, while the connectors still serve its open connections, so its mounts
     * stop in {@code destroy} and can answer them; then the server. (Jetty's {@code Server.stop()} alone closes
     * every connection before it stops the web application.)
     */
    public void stopApplicationFirst() throws Exception {
        for (Node node : nodes) {
            node.context.stop();
            node.server.stop();
        }
    }

    /** Stops the way the demo launcher does: {@link Duplex#stop} while everything still runs, then the server. */
    public void stopDuplexFirst() throws Exception {
        for (Node node : nodes) {
            Duplex.stop(node.context.getServletContext());
            node.server.stop();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            for (Node node : nodes) {
                node.server.stop();
            }
        } finally {
            if (front != null) {
                front.close();
            }
            if (store != null) {
                store.close();
            }
        }
    }

    /** The first node's hub, with channel lookups and counts over every node. */
    private record EveryNode(List<Hub> hubs) implements Hub {
        @Override
        public String path() {
            return hubs.get(0).path();
        }

        @Override
        public DuplexOptions options() {
            return hubs.get(0).options();
        }

        @Override
        public void publish(String topic, Message message) {
            hubs.get(0).publish(topic, message);
        }

        @Override
        public Optional<Channel> channel(String id) {
            return hubs.stream().map(hub -> hub.channel(id)).flatMap(Optional::stream).findFirst();
        }

        @Override
        public int channelCount() {
            return hubs.stream().mapToInt(Hub::channelCount).sum();
        }

        @Override
        public Metrics metrics() {
            return hubs.get(0).metrics();
        }

        @Override
        public CompletionStage<Boolean> send(String channelId, Message message) {
            return hubs.get(0).send(channelId, message);
        }

        @Override
        public CompletionStage<Set<String>> clusterChannelIds() {
            return hubs.get(0).clusterChannelIds();
        }
    }

    /** One Jetty with the mount. */
    private static final class Node {
        final Server server = new Server();
        final ServerConnector connector = new ServerConnector(server);
        final AtomicReference<Hub> hub = new AtomicReference<>();
        final ServletContextHandler context = new ServletContextHandler(CONTEXT);

        Node(ChannelHandler handler, DuplexOptions options, int port) throws Exception {
            connector.setPort(port);
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            JakartaWebSocketServletContainerInitializer.configure(context, null);
            context.addEventListener(new ServletContextListener() {
                @Override
                public void contextInitialized(ServletContextEvent event) {
                    hub.set(Duplex.mount(event.getServletContext(), MOUNT, handler, options));
                }
            });
            server.setHandler(context);
            server.start();
        }
    }
}
