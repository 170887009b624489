package dev.duplex.server.mount;

import dev.duplex.server.api.Hub;
import dev.duplex.server.hub.DefaultHub;
import jakarta.servlet.ServletContext;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where a servlet context keeps its hubs, and who waits for one. Both live in context attributes; one lock
 * orders publishing against waiting, so a consumer registered while a mount starts runs exactly once.
 */
public final class Mounts {
    private static final System.Logger LOG = System.getLogger("dev.duplex.server.Duplex");
    private static final Object LOCK = new Object();

    private Mounts() {
    }

    /** The attribute holding the hub mounted at {@code path}. */
    public static String hubAttribute(String path) {
        return Hub.class.getName() + ":" + path;
    }

    private static String waitersAttribute(String path) {
        return Hub.class.getName() + ":" + path + ":waiting";
    }

    /** Makes {@code hub} findable, then runs everyone who was waiting for it. */
    public static void publish(ServletContext context, Hub hub) {
        List<Consumer<Hub>> waiting;
        synchronized (LOCK) {
            if (context.getAttribute(hubAttribute(hub.path())) == hub) {
                return;
            }
            context.setAttribute(hubAttribute(hub.path()), hub);
            waiting = waiters(context, hub.path(), false);
            context.removeAttribute(waitersAttribute(hub.path()));
        }
        if (waiting != null) {
            waiting.forEach(consumer -> run(consumer, hub));
        }
    }

    /** Forgets the hub at {@code path}, if it is {@code hub}: a stopped mount is no longer found. */
    public static void unpublish(ServletContext context, Hub hub) {
        synchronized (LOCK) {
            if (context.getAttribute(hubAttribute(hub.path())) == hub) {
                context.removeAttribute(hubAttribute(hub.path()));
            }
        }
    }

    /** Runs {@code consumer} now if {@code path} is mounted, else when it is. */
    public static void whenMounted(ServletContext context, String path, Consumer<Hub> consumer) {
        Hub hub;
        synchronized (LOCK) {
            hub = (Hub) context.getAttribute(hubAttribute(path));
            if (hub == null) {
                waiters(context, path, true).add(consumer);
                return;
            }
        }
        consumer.accept(hub);
    }

    @SuppressWarnings("unchecked")
    private static List<Consumer<Hub>> waiters(ServletContext context, String path, boolean create) {
        List<Consumer<Hub>> list = (List<Consumer<Hub>>) context.getAttribute(waitersAttribute(path));
        if (list == null && create) {
            list = new ArrayList<>();
            context.setAttribute(waitersAttribute(path), list);
        }
        return list;
    }

    private static void run(Consumer<Hub> consumer, Hub hub) {
        try {
            consumer.accept(hub);
        } catch (RuntimeException e) {
            // The mount itself is fine; the application's callback is not, and must not stop the others.
            LOG.log(Level.ERROR, "a Duplex.whenMounted callback for " + hub.path() + " failed", e);
        }
    }

    /**
     * Stops every mount published in {@code context} gracefully and at once (each as {@code DefaultHub.stop}
     * does), returning when all have stopped: at most twice {@code stopGraceMillis} of the slowest.
     */
    public static void stopAll(ServletContext context) {
        List<DefaultHub> hubs = new ArrayList<>();
        synchronized (LOCK) {
            for (String name : Collections.list(context.getAttributeNames())) {
                Object value = context.getAttribute(name);
                if (name.startsWith(Hub.class.getName() + ":") && value instanceof DefaultHub hub) {
                    hubs.add(hub);
                }
            }
        }
        CompletableFuture.allOf(hubs.stream().map(hub -> CompletableFuture.runAsync(hub::stop, runnable -> {
            Thread thread = new Thread(runnable, "duplex-stop " + hub.path());
            thread.setDaemon(true);
            thread.start();
        })).toArray(CompletableFuture[]::new)).join();
    }
}
