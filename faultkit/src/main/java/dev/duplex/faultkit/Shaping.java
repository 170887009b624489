package dev.duplex.faultkit;

import java.util.concurrent.atomic.AtomicLong;

/** Latency and bandwidth applied to every chunk the {@link FaultProxy} forwards, both ways. */
final class Shaping {
    final AtomicLong delayMs = new AtomicLong();
    final AtomicLong bytesPerSecond = new AtomicLong();

    /** Sleeps as long as {@code bytes} take on the shaped link. */
    void pace(int bytes) throws InterruptedException {
        long d = delayMs.get();
        long rate = bytesPerSecond.get();
        long wait = d + (rate > 0 ? bytes * 1000L / rate : 0);
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }
}
