package dev.duplex.redis;

import dev.duplex.server.topic.Broker;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves {@code redis://} and {@code rediss://} cluster URIs (the {@code cluster} option or init-param, or the
 * context init-param {@code dev.duplex.cluster}). Registered with {@link java.util.ServiceLoader}.
 *
 * <p>The URI's query may set {@link RedisOptions}: {@code historySize}, {@code historyTtlSeconds},
 * {@code streamTtlSeconds}, {@code commandTimeoutMillis}, {@code reconnectDelayMillis}, e.g.
 * {@code redis://10.0.0.5:6379?historySize=500}; any other query parameter goes to Lettuce (e.g. {@code database}).
 */
public final class RedisBrokerFactory implements Broker.Factory {

    @Override
    public boolean accepts(URI cluster) {
        return "redis".equals(cluster.getScheme()) || "rediss".equals(cluster.getScheme());
    }

    @Override
    public Broker create(URI cluster, String namespace) {
        Parsed parsed = parse(cluster);
        return new RedisBroker(parsed.lettuce(), namespace, parsed.options());
    }

    /** The URI without the topic options: what Lettuce reads. */
    static URI lettuceUri(URI cluster) {
        return parse(cluster).lettuce();
    }

    /** A cluster URI's topic options, and the rest of it for Lettuce. */
    private record Parsed(RedisOptions options, URI lettuce) { }

    private static Parsed parse(URI cluster) {
        RedisOptions options = RedisOptions.defaults();
        List<String> rest = new ArrayList<>();
        String query = cluster.getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                options = switch (name) {
                    case "historySize" -> options.withHistorySize(Integer.parseInt(value));
                    case "historyTtlSeconds" -> new RedisOptions(options.historySize(),
                            Duration.ofSeconds(Long.parseLong(value)), options.streamTtl(), options.commandTimeout(),
                            options.reconnectDelay());
                    case "streamTtlSeconds" -> new RedisOptions(options.historySize(), options.historyTtl(),
                            Duration.ofSeconds(Long.parseLong(value)), options.commandTimeout(),
                            options.reconnectDelay());
                    case "commandTimeoutMillis" -> options.withCommandTimeout(
                            Duration.ofMillis(Long.parseLong(value)));
                    case "reconnectDelayMillis" -> new RedisOptions(options.historySize(), options.historyTtl(),
                            options.streamTtl(), options.commandTimeout(), Duration.ofMillis(Long.parseLong(value)));
                    default -> {
                        rest.add(pair);
                        yield options;
                    }
                };
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Duplex cluster URI parameter " + pair + ": " + e.getMessage(), e);
            }
        }
        return new Parsed(options, RedisClusterFactory.withQuery(cluster, rest.isEmpty() ? null
                : String.join("&", rest)));
    }
}
