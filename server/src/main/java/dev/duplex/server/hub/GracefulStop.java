package dev.duplex.server.hub;

import dev.duplex.server.api.CloseReason;
import dev.duplex.server.session.Session;
import dev.duplex.server.session.SessionHandoff;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A graceful stop, and its two waits, each bounded by {@code stopGraceMillis}: for a cluster's hand-off, and for
 * the {@code away} answers to be written. A stop never hangs the container's shutdown.
 */
final class GracefulStop {
    private static final System.Logger LOG = System.getLogger(GracefulStop.class.getName());

    private GracefulStop() {
    }

    /**
     * The stop sequence of PROTOCOL.md section 5 up to the hub's shutdown: {@code handoff} may take sessions
     * elsewhere; every client is told {@code away} with its own advised delay; the sessions the hand-off took
     * end without telling the handler. Each wait is bounded by {@code graceMillis}.
     */
    static void run(SessionHandoff handoff, List<Session> open, long graceMillis, LongSupplier retryMillis) {
        Set<Session> taken = handOff(handoff, open, graceMillis);
        awaitAnswers(open.stream().map(session -> session.away(retryMillis.getAsLong())).toList(), graceMillis);
        for (Session session : taken) {
            session.finishHandedOff(CloseReason.SHUTDOWN);
        }
    }

    /** Daemon threads named {@code prefix-1}, {@code prefix-2}...: the hub's pools never keep the JVM alive. */
    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Runs {@code handoff} on a thread of its own; what it took, or nothing if it failed or ran out of time. */
    static Set<Session> handOff(SessionHandoff handoff, List<Session> sessions, long graceMillis) {
        if (handoff == SessionHandoff.NONE || sessions.isEmpty()) {
            return Set.of();
        }
        CompletableFuture<Set<Session>> taken = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                taken.complete(Set.copyOf(handoff.handOff(sessions)));
            } catch (RuntimeException | Error e) {
                taken.completeExceptionally(e);
            }
        }, "duplex-handoff");
        thread.setDaemon(true);
        thread.start();
        try {
            return taken.get(graceMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(Level.WARNING, "the session hand-off did not finish within stopGraceMillis=" + graceMillis
                    + " ms: its sessions close on this node");
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "the session hand-off failed: its sessions close on this node", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Set.of();
    }

    /** Waits until every answer is written, or {@code graceMillis} have passed. */
    static void awaitAnswers(List<CompletableFuture<Void>> answers, long graceMillis) {
        try {
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(graceMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            long late = answers.stream().filter(answer -> !answer.isDone()).count();
            LOG.log(Level.INFO, late + " of " + answers.size() + " clients were not told to come back within"
                    + " stopGraceMillis=" + graceMillis + " ms; they will find out when they reconnect");
        } catch (ExecutionException e) {
            LOG.log(Level.DEBUG, "an away answer failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
