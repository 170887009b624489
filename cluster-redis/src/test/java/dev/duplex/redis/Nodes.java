package dev.duplex.redis;

import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.hub.DefaultHub;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster of Duplex nodes in this JVM, named A, B, C…, each a real Jetty on an ephemeral port with the same
 * mount and handler, sharing one Redis; nodes that miss their heartbeat count as gone after
 * {@link #NODE_TIMEOUT_MILLIS}.
 */
final class Nodes implements AutoCloseable {
    static final long NODE_TIMEOUT_MILLIS = 1_500;
    private final List<ClusterNode> nodes = new ArrayList<>();
    private final String mount = "/sessions" + System.nanoTime();

    Nodes(URI redis, int count, ChannelHandler handler) throws Exception {
        try {
            for (int i = 0; i < count; i++) {
                nodes.add(new ClusterNode(mount, handler, options(redis, name(i)), null));
            }
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** The options of node {@code name} of a cluster on {@code redis}. */
    static DuplexOptions options(URI redis, String name) {
        return DuplexOptions.builder().cluster(redis + "?node=" + name + "&nodeTimeoutMillis=" + NODE_TIMEOUT_MILLIS)
                .build();
    }

    static String name(int index) {
        return String.valueOf((char) ('A' + index));
    }

    /** How many nodes, running or stopped. */
    int size() {
        return nodes.size();
    }

    String mount() {
        return mount;
    }

    ClusterNode node(int index) {
        return nodes.get(index);
    }

    DefaultHub hub(int index) {
        return (DefaultHub) nodes.get(index).hub();
    }

    /** Every node's mount URI, in order: a client's round robin. */
    List<URI> bases() {
        return nodes.stream().map(ClusterNode::mountUri).toList();
    }

    /** The index of the node that holds {@code sid}, or -1. */
    int holder(String sid) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).isRunning() && hub(i).channel(sid).isPresent()) {
                return i;
            }
        }
        return -1;
    }

    /** Channels open on the nodes still running. */
    int channels() {
        int count = 0;
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).isRunning()) {
                count += hub(i).channelCount();
            }
        }
        return count;
    }

    /** Stops node {@code index} as a container does (its context destroyed). */
    void stop(int index) throws Exception {
        nodes.get(index).close();
    }

    @Override
    public void close() throws Exception {
        for (ClusterNode node : nodes) {
            node.close();
        }
    }
}
