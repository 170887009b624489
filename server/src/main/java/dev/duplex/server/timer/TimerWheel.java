package dev.duplex.server.timer;

import dev.duplex.server.api.Scheduler;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A hashed timer wheel on an injected {@link Scheduler}: many deadlines, each an intrusive {@link Timeout} that
 * is armed, re-armed and cancelled in O(1) without allocating, for sessions whose heartbeats, poll holds and
 * expiry would otherwise be swept one by one every second.
 *
 * <p>Time is cut into ticks of {@code tickMillis} from the wheel's creation; tick {@code n} is due at
 * {@code origin + n * tickMillis}. A timeout fires on the first tick at or after its deadline, so never early and
 * at most one tick late. The wheel has a fixed number of slots (a power of two); a deadline more than one
 * revolution away sits in its slot until its tick comes round (Netty's {@code HashedWheelTimer} counts rounds
 * the same way). The wheel asks its scheduler for the next tick only while some timeout is armed: a wheel with
 * nothing armed costs nothing, and an armed one costs a look at one slot per tick, however many timeouts it holds.
 *
 * <p>Thread-safe: timeouts are armed and cancelled from any thread, under the wheel's lock; a
 * {@link Timeout#scheduleIfEarlier} that changes nothing takes no lock. Due timeouts run on the scheduler's thread,
 * outside the lock, in deadline order, each disarmed before it runs, so it may arm itself again.
 */
public final class TimerWheel {
    private static final System.Logger LOG = System.getLogger(TimerWheel.class.getName());
    /** The deadline of a timeout that is not armed. */
    public static final long NEVER = Long.MAX_VALUE;

    private final Scheduler scheduler;
    private final long tickMillis;
    private final long origin;
    /** Each slot is the head of a doubly linked list of armed timeouts, or null. */
    private final Timeout[] slots;
    private final int mask;
    /** The next tick to process: every timeout of an earlier tick has fired. */
    private long nextTick;
    private int armed;
    private long sequence;
    /** The scheduler's task for the next tick, or null while nothing is armed. */
    private Scheduler.Cancellable ticking;
    /** Which asked-for tick is the live one: a tick called off too late to stop finds itself stale. */
    private long tickGeneration;
    private boolean closed;

    /**
     * A wheel of 1,024 slots.
     *
     * @param scheduler  the clock and the one timer the wheel uses
     * @param tickMillis the resolution: how late at most a timeout fires
     */
    public TimerWheel(Scheduler scheduler, long tickMillis) {
        this(scheduler, tickMillis, 1_024);
    }

    /**
     * A wheel of {@code slotCount} slots (rounded up to a power of two).
     *
     * @param scheduler  the clock and the one timer the wheel uses
     * @param tickMillis the resolution: how late at most a timeout fires
     * @param slotCount  how many ticks one revolution of the wheel spans
     */
    public TimerWheel(Scheduler scheduler, long tickMillis, int slotCount) {
        if (tickMillis <= 0 || slotCount <= 0 || slotCount > 1 << 20) {
            throw new IllegalArgumentException("tickMillis and slotCount must be positive, slotCount at most 2^20");
        }
        this.scheduler = scheduler;
        this.tickMillis = tickMillis;
        this.origin = scheduler.nowMillis();
        int size = Integer.highestOneBit(slotCount);
        size = size < slotCount ? size << 1 : size;
        this.slots = new Timeout[size];
        this.mask = size - 1;
        this.nextTick = 1;
    }

    /**
     * A new timeout, not armed, that runs {@code task} each time it falls due.
     *
     * @param task what to run on the scheduler's thread; it must not block
     * @return the timeout, to arm with {@link Timeout#schedule}
     */
    public Timeout timeout(Runnable task) {
        return new Timeout(task);
    }

    /**
     * How many timeouts are armed.
     *
     * @return the count
     */
    public synchronized int armed() {
        return armed;
    }

    /** The wheel's resolution, in ms. */
    long tickMillis() {
        return tickMillis;
    }

    /** Disarms everything and stops asking for ticks; arming afterwards does nothing. */
    public void close() {
        synchronized (this) {
            closed = true;
            for (int i = 0; i < slots.length; i++) {
                for (Timeout t = slots[i]; t != null; t = t.next) {
                    t.deadline = NEVER;
                    t.slot = -1;
                }
                slots[i] = null;
            }
            armed = 0;
            stopTicking();
        }
    }

    private void tick(long generation) {
        List<Timeout> due = new ArrayList<>();
        synchronized (this) {
            if (generation != tickGeneration || ticking == null) {
                return;
            }
            ticking = null;
            long now = scheduler.nowMillis();
            long last = Math.floorDiv(now - origin, tickMillis);
            if (last >= nextTick) {
                long span = Math.min(last - nextTick + 1, slots.length);
                for (long n = nextTick; n < nextTick + span; n++) {
                    collect((int) (n & mask), last, due);
                }
                nextTick = last + 1;
            }
            startTicking(now);
        }
        due.sort(Comparator.comparingLong((Timeout t) -> t.firedDeadline).thenComparingLong(t -> t.order));
        for (Timeout timeout : due) {
            try {
                timeout.task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a timeout's task failed", e);
            }
        }
    }

    /** Takes every timeout of slot {@code slot} whose tick is at most {@code last}. Under the lock. */
    private void collect(int slot, long last, List<Timeout> due) {
        Timeout t = slots[slot];
        while (t != null) {
            Timeout next = t.next;
            if (t.tick <= last) {
                t.firedDeadline = t.deadline;
                unlink(t);
                due.add(t);
            }
            t = next;
        }
    }

    /** Asks for the next tick if something is armed and no tick is asked for yet. Under the lock. */
    private void startTicking(long now) {
        if (armed > 0 && ticking == null && !closed) {
            long at = origin + nextTick * tickMillis;
            long generation = ++tickGeneration;
            ticking = scheduler.schedule(() -> tick(generation), Math.max(0, at - now));
        }
    }

    /** Calls off the next tick. Under the lock, so a timeout armed meanwhile cannot lose its tick. */
    private void stopTicking() {
        if (ticking != null) {
            tickGeneration++;
            ticking.cancel();
            ticking = null;
        }
    }

    /** Under the lock. */
    private void link(Timeout t, long deadline) {
        long tick = Math.max(nextTick, -Math.floorDiv(origin - deadline, tickMillis));
        int slot = (int) (tick & mask);
        t.deadline = deadline;
        t.tick = tick;
        t.slot = slot;
        t.order = sequence++;
        t.prev = null;
        t.next = slots[slot];
        if (t.next != null) {
            t.next.prev = t;
        }
        slots[slot] = t;
        armed++;
    }

    /** Under the lock. */
    private void unlink(Timeout t) {
        if (t.prev != null) {
            t.prev.next = t.next;
        } else {
            slots[t.slot] = t.next;
        }
        if (t.next != null) {
            t.next.prev = t.prev;
        }
        t.prev = null;
        t.next = null;
        t.slot = -1;
        t.deadline = NEVER;
        armed--;
    }

    /**
     * One deadline of the wheel, armed at most once at a time. Re-arming moves it; it is reused for the life of
     * its owner, so arming allocates nothing.
     */
    public final class Timeout {
        private final Runnable task;
        /** Written under the wheel's lock; read without it by {@link #scheduleIfEarlier}'s fast path. */
        private volatile long deadline = NEVER;
        private long tick;
        private int slot = -1;
        private long order;
        private long firedDeadline;
        private Timeout prev;
        private Timeout next;

        private Timeout(Runnable task) {
            this.task = task;
        }

        /**
         * Arms the timeout for {@code deadline} on the scheduler's clock, replacing its deadline if armed. A
         * deadline already past fires on the next tick; {@link TimerWheel#NEVER} cancels.
         *
         * @param deadline when to run, in the scheduler's ms
         */
        public void schedule(long deadline) {
            if (deadline == NEVER) {
                cancel();
                return;
            }
            synchronized (TimerWheel.this) {
                if (closed) {
                    return;
                }
                if (slot >= 0) {
                    unlink(this);
                }
                link(this, deadline);
                startTicking(scheduler.nowMillis());
            }
        }

        /**
         * Arms the timeout for {@code deadline} unless it is armed already for that time or earlier: for owners
         * that re-check everything when it fires, and only need it to fire no later than this.
         *
         * @param deadline when to run at the latest, in the scheduler's ms
         * @return whether the deadline moved
         */
        public boolean scheduleIfEarlier(long deadline) {
            if (this.deadline <= deadline) {
                return false;
            }
            synchronized (TimerWheel.this) {
                if (closed || this.deadline <= deadline) {
                    return false;
                }
                if (slot >= 0) {
                    unlink(this);
                }
                link(this, deadline);
                startTicking(scheduler.nowMillis());
                return true;
            }
        }

        /** Disarms the timeout if it is armed; the wheel stops ticking when nothing is left armed. */
        public void cancel() {
            synchronized (TimerWheel.this) {
                if (slot < 0) {
                    return;
                }
                unlink(this);
                if (armed == 0) {
                    stopTicking();
                }
            }
        }

        /**
         * When the timeout is armed for.
         *
         * @return the deadline, or {@link TimerWheel#NEVER} if not armed
         */
        public long deadline() {
            return deadline;
        }
    }
}
