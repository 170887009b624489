package dev.duplex.spring;

import dev.duplex.server.Duplex;
import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Hub;
import jakarta.servlet.ServletContext;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One Duplex mount in a Spring Boot application: declare it as a bean and {@link DuplexAutoConfiguration}
 * mounts it when the embedded web server starts.
 * <pre>{@code
 * @Bean
 * DuplexMount chat(ChatHandler handler) {
 *     return DuplexMount.of("/chat", handler,
 *             DuplexOptions.builder().allowedOrigins("https://app.example.com").build());
 * }
 * }</pre>
 *
 * <p>The {@link Hub} exists only once the web server has started, which is after every bean is created: other
 * beans reach it through {@link #hub()} from a request, an {@code ApplicationReadyEvent} listener or any later
 * moment, or through {@link #whenMounted(Consumer)} at any time.
 */
public final class DuplexMount {
    private final String path;
    private final ChannelHandler handler;
    private final DuplexOptions options;
    private final CompletableFuture<Hub> hub = new CompletableFuture<>();

    private DuplexMount(String path, ChannelHandler handler, DuplexOptions options) {
        this.path = Objects.requireNonNull(path, "path");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * A mount of {@code handler} at {@code path} with default options.
     *
     * @param path the mount path, e.g. {@code /chat}, relative to the application's context path
     * @param handler the application's side of the channel
     * @return the mount, to return from a {@code @Bean} method
     */
    public static DuplexMount of(String path, ChannelHandler handler) {
        return of(path, handler, DuplexOptions.defaults());
    }

    /**
     * A mount of {@code handler} at {@code path} with {@code options}.
     *
     * @param path the mount path, e.g. {@code /chat}, relative to the application's context path
     * @param handler the application's side of the channel
     * @param options the mount's limits, origins and timings
     * @return the mount, to return from a {@code @Bean} method
     */
    public static DuplexMount of(String path, ChannelHandler handler, DuplexOptions options) {
        return new DuplexMount(path, handler, options);
    }

    /**
     * The mount path.
     *
     * @return the path given to {@link #of}
     */
    public String path() {
        return path;
    }

    /**
     * The hub of this mount, to publish to topics or find channels.
     *
     * @return the hub
     * @throws IllegalStateException before the web server has started (e.g. in a bean's constructor)
     */
    public Hub hub() {
        Hub mounted = hub.getNow(null);
        if (mounted == null) {
            throw new IllegalStateException("Duplex mount " + path + " is not mounted yet: the hub exists once the"
                    + " web server has started; use whenMounted(...) or an ApplicationReadyEvent listener");
        }
        return mounted;
    }

    /**
     * Runs {@code consumer} with the hub: at once if it is mounted already, otherwise on the thread that mounts
     * it, when the web server starts and before the mount serves its first request.
     *
     * @param consumer what to do with the hub, e.g. start a feed that publishes to it
     */
    public void whenMounted(Consumer<Hub> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        hub.thenAccept(consumer);
    }

    /** Mounts this in {@code context}; called once by the auto-configuration's initializer. */
    void mountIn(ServletContext context) {
        hub.complete(Duplex.mount(context, path, handler, options));
    }

    @Override
    public String toString() {
        return "DuplexMount[" + path + "]";
    }
}
