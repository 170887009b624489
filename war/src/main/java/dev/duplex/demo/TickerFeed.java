package dev.duplex.demo;

import dev.duplex.server.Duplex;
import dev.duplex.server.api.Hub;
import dev.duplex.server.api.Message;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Publishes made-up prices to the topic {@value #TOPIC} of the hub mounted at {@value #MOUNT}, twice a second,
 * from a background thread: {@link Hub#publish} may be called from any thread.
 *
 * <p>The hub of a {@code web.xml} mount exists once the container has initialised its servlet, after the
 * listeners ran, so the feed starts when {@link Duplex#whenMounted} hands it the hub.
 */
public final class TickerFeed implements ServletContextListener {
    /** The topic the prices are published to. */
    public static final String TOPIC = "prices";
    /** Where {@code web.xml} mounts the ticker. */
    public static final String MOUNT = "/ticker";

    private static final long PERIOD_MILLIS = 500;
    private static final System.Logger LOG = System.getLogger(TickerFeed.class.getName());

    private final Prices prices = new Prices();
    private ScheduledExecutorService executor;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "duplex-demo-ticker");
            thread.setDaemon(true);
            return thread;
        });
        Duplex.whenMounted(event.getServletContext(), MOUNT, hub -> executor.scheduleAtFixedRate(() -> tick(hub),
                PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS));
    }

    private void tick(Hub hub) {
        try {
            hub.publish(TOPIC, Message.json(prices.step()));
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log and keep ticking.
            LOG.log(System.Logger.Level.WARNING, "ticker tick failed", e);
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "ticker thread did not stop within 2 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
