package dev.duplex.bayeux.testing;

import java.util.function.IntConsumer;

/** The feed both test servers play: {@code publish(1)..publish(count)}, one every 20 ms, on a daemon thread. */
final class Feeder {
    private Feeder() {
    }

    static void start(int count, IntConsumer publish) {
        Thread feeder = new Thread(() -> {
            try {
                for (int n = 1; n <= count; n++) {
                    publish.accept(n);
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "feed");
        feeder.setDaemon(true);
        feeder.start();
    }
}
