package dev.duplex.redis;

import dev.duplex.server.cluster.Cluster;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Serves {@code redis://} and {@code rediss://} cluster URIs with sessions and topics cluster-wide. Registered
 * with {@link java.util.ServiceLoader}. Besides the topic options of {@link RedisBrokerFactory}, the URI's query
 * may set {@code node} (this node's name; else the context init-param {@code dev.duplex.node}, else a random
 * one), {@code nodeTimeoutMillis}, {@code handoffTtlMillis} ({@link ClusterSettings}).
 */
public final class RedisClusterFactory implements Cluster.Factory {
    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private final RedisBrokerFactory brokers = new RedisBrokerFactory();

    @Override
    public boolean accepts(URI cluster) {
        return brokers.accepts(cluster);
    }

    @Override
    public Cluster create(URI cluster, String namespace, String node) {
        ClusterSettings defaults = ClusterSettings.defaults();
        long nodeTimeout = defaults.nodeTimeoutMillis();
        long handoffTtl = defaults.handoffTtlMillis();
        long commandTimeout = defaults.commandTimeoutMillis();
        String name = node;
        List<String> rest = new ArrayList<>();
        String query = cluster.getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                switch (key) {
                    case "node" -> name = value;
                    case "nodeTimeoutMillis" -> nodeTimeout = Long.parseLong(value);
                    case "handoffTtlMillis" -> handoffTtl = Long.parseLong(value);
                    default -> {
                        if (key.equals("commandTimeoutMillis")) {
                            commandTimeout = Long.parseLong(value);
                        }
                        rest.add(pair);
                    }
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Duplex cluster URI parameter " + pair + ": " + e.getMessage(), e);
            }
        }
        if (name == null) {
            byte[] random = new byte[6];
            new SecureRandom().nextBytes(random);
            name = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        }
        if (!NODE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a Duplex node name is 1 to 32 letters, digits, '-' or '_': " + name);
        }
        ClusterSettings settings = new ClusterSettings(nodeTimeout, handoffTtl, commandTimeout);
        URI topics = withQuery(cluster, rest.isEmpty() ? null : String.join("&", rest));
        RedisBroker broker = (RedisBroker) brokers.create(topics, namespace);
        try {
            ClusterConnection connection = new ClusterConnection(RedisBrokerFactory.lettuceUri(topics),
                    Duration.ofMillis(commandTimeout), namespace + "-" + name);
            return new RedisCluster(connection, namespace, name, broker, settings);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    static URI withQuery(URI uri, String query) {
        try {
            return new URI(uri.getScheme(), uri.getRawAuthority(), uri.getRawPath(), query, uri.getRawFragment());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
