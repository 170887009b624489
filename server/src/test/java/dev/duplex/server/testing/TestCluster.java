package dev.duplex.server.testing;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A cluster for the contract suite to run against. The server module has none; a cluster module puts one on its
 * test class path (a {@link ServiceLoader} provider) and runs the server's contract tests again with
 * {@value #ENABLED}{@code =true}, so each
 * {@link TestServer} becomes {@link #size()} nodes of one cluster behind a front that spreads requests over them
 * round robin, without stickiness: every request of a session may land on another node.
 */
public interface TestCluster {

    /**
     * The JUnit tag of contract tests that hold on a single node only, by nature; each says why where it is used.
     * The cluster run leaves them out.
     */
    String SINGLE_NODE = "single-node";

    /** The system property that turns the provider on: only the cluster module's contract run sets it. */
    String ENABLED = "duplex.test.cluster";

    /** {@return the provider on the class path, if any, when {@link #ENABLED} is true} */
    static Optional<TestCluster> find() {
        return Boolean.getBoolean(ENABLED) ? ServiceLoader.load(TestCluster.class).findFirst() : Optional.empty();
    }

    /** {@return how many nodes each test server runs} */
    int size();

    /** {@return a fresh store (e.g. a Redis of its own) for one test server's nodes} */
    Store store();

    /** What the nodes of one test server share. */
    interface Store extends AutoCloseable {
        /**
         * The cluster option of one node.
         *
         * @param node the node's name: A, B…
         * @return the value of {@code DuplexOptions.cluster}
         */
        String clusterOption(String node);

        /**
         * Starts the front.
         *
         * @param nodePorts the nodes' ports, in turn
         * @return the running front
         */
        Front front(List<Integer> nodePorts);

        @Override
        void close();
    }

    /** A reverse proxy in front of the nodes: round robin per request, WebSocket upgrades passed. */
    interface Front extends AutoCloseable {
        /** {@return the port the clients use} */
        int port();

        @Override
        void close();
    }
}
