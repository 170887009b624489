package dev.duplex.redis;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The sessions a stopping node is handing off, each until its snapshot is stored (or could not be). Between the
 * moment a session stops taking frames and the moment its snapshot is in Redis, it is neither served here nor
 * to be taken elsewhere: another node's request for it waits here for the snapshot, and is then told to look
 * again, instead of finding the session nowhere ({@code unknown_session}, which would end it). Thread-safe.
 */
final class Departures {
    private final Map<String, CompletableFuture<Void>> leaving = new ConcurrentHashMap<>();

    /** {@code sids} are about to be released and stored. */
    void begin(Set<String> sids) {
        sids.forEach(sid -> leaving.putIfAbsent(sid, new CompletableFuture<>()));
    }

    /** The hand-off of {@code sid} is over, stored or not: the requests that waited for it go on. */
    void done(String sid) {
        CompletableFuture<Void> parking = leaving.remove(sid);
        if (parking != null) {
            parking.complete(null);
        }
    }

    /** Every hand-off but those of {@code stored} is over (their sessions were not released). */
    void doneExcept(Set<String> stored) {
        Set.copyOf(leaving.keySet()).stream().filter(sid -> !stored.contains(sid)).forEach(this::done);
    }

    /** Waits, at most {@code millis}, until the hand-off of {@code sid} is over, if it is under way. */
    void await(String sid, long millis) {
        CompletableFuture<Void> parking = sid == null ? null : leaving.get(sid);
        if (parking == null) {
            return;
        }
        try {
            parking.get(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // served as things stand
        }
    }
}
