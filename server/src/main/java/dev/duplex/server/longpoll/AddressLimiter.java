package dev.duplex.server.longpoll;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counts what each remote address holds (parked polls), refusing past a cap. Empty counts are dropped. */
final class AddressLimiter {
    private final Map<String, Integer> held = new ConcurrentHashMap<>();
    private final int max;

    AddressLimiter(int max) {
        this.max = max;
    }

    /** Takes one slot for {@code address}; false at the cap. */
    boolean acquire(String address) {
        boolean[] granted = {false};
        held.compute(address, (key, count) -> {
            int current = count == null ? 0 : count;
            granted[0] = current < max;
            return granted[0] ? current + 1 : count;
        });
        return granted[0];
    }

    /** Gives back a slot taken by {@link #acquire}. */
    void release(String address) {
        held.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
    }

    /** Slots held by {@code address} (for tests). */
    int held(String address) {
        return held.getOrDefault(address, 0);
    }
}
