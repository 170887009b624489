package dev.duplex.server.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.testing.ManualScheduler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hashed timer wheel on a manual clock: when timeouts fire, in which order, and what it asks its scheduler. */
class TimerWheelTest {
    private static final long TICK = 100;
    private final ManualScheduler clock = new ManualScheduler();
    private final long start = clock.nowMillis();
    /** A small wheel, so tests wrap round it: one revolution is 8 ticks, 800 ms. */
    private final TimerWheel wheel = new TimerWheel(clock, TICK, 8);
    /** "name@time" for every timeout that fired, in firing order. */
    private final List<String> fired = new ArrayList<>();

    private TimerWheel.Timeout named(String name) {
        return wheel.timeout(() -> fired.add(name + "@" + (clock.nowMillis() - start)));
    }

    @Test
    void aTimeoutFiresOnTheFirstTickAtOrAfterItsDeadlineNeverEarly() {
        named("a").schedule(start + 250);
        named("b").schedule(start + 300);
        clock.advance(249);
        assertEquals(List.of(), fired, "not before its deadline");
        clock.advance(51);
        assertEquals(List.of("a@300", "b@300"), fired, "at most one tick late, and a deadline on a tick fires on it");
    }

    @Test
    void timeoutsDueOnOneTickRunInDeadlineOrderWhateverTheOrderTheyWereArmedIn() {
        named("late").schedule(start + 290);
        named("early").schedule(start + 210);
        named("tie1").schedule(start + 250);
        named("tie2").schedule(start + 250);
        named("next tick").schedule(start + 301);
        clock.advance(1_000);
        assertEquals(List.of("early@300", "tie1@300", "tie2@300", "late@300", "next tick@400"), fired);
    }

    @Test
    void aCancelledTimeoutNeverFiresAndCancellingTwiceIsHarmless() {
        TimerWheel.Timeout a = named("a");
        a.schedule(start + 200);
        named("b").schedule(start + 200);
        a.cancel();
        a.cancel();
        assertEquals(TimerWheel.NEVER, a.deadline());
        clock.advance(1_000);
        assertEquals(List.of("b@200"), fired);
    }

    @Test
    void reArmingMovesTheDeadlineEitherWayAndFiresOnce() {
        TimerWheel.Timeout later = named("later");
        later.schedule(start + 200);
        later.schedule(start + 500);
        TimerWheel.Timeout earlier = named("earlier");
        earlier.schedule(start + 700);
        earlier.schedule(start + 100);
        assertEquals(2, wheel.armed());
        clock.advance(1_000);
        assertEquals(List.of("earlier@100", "later@500"), fired);
    }

    @Test
    void scheduleIfEarlierOnlyEverBringsTheDeadlineForward() {
        TimerWheel.Timeout t = named("t");
        assertTrue(t.scheduleIfEarlier(start + 500), "an unarmed timeout is armed");
        assertFalse(t.scheduleIfEarlier(start + 600), "a later deadline leaves it");
        assertFalse(t.scheduleIfEarlier(start + 500), "the same one too");
        assertTrue(t.scheduleIfEarlier(start + 200));
        assertEquals(start + 200, t.deadline());
        clock.advance(1_000);
        assertEquals(List.of("t@200"), fired);
    }

    @Test
    void aDeadlineSeveralRevolutionsAwayWaitsForItsRoundsAndNeighboursInItsSlotFireOnTime() {
        // 8 slots of 100 ms: 2,050 and 450 share a slot (tick 21 and tick 5, both 5 mod 8).
        named("far").schedule(start + 2_050);
        named("near").schedule(start + 450);
        for (int i = 0; i < 30; i++) {
            clock.advance(TICK);
        }
        assertEquals(List.of("near@500", "far@2100"), fired);
    }

    @Test
    void aTickThatComesMoreThanARevolutionLateFiresEverythingDueInDeadlineOrderAndKeepsTheRest() {
        LateClock late = new LateClock();
        TimerWheel slow = new TimerWheel(late, TICK, 8);
        List<String> order = new ArrayList<>();
        for (long deadline : new long[] {1_500, 150, 5_000, 790}) {
            slow.timeout(() -> order.add(deadline + "@" + late.now)).schedule(deadline);
        }
        late.runTickAt(2_000); // a GC pause or a busy timer thread: 20 ticks at once, 2.5 revolutions
        assertEquals(List.of("150@2000", "790@2000", "1500@2000"), order);
        assertEquals(1, slow.armed());
        late.runTickAt(4_999);
        assertEquals(3, order.size(), "still not before its deadline");
        late.runTickAt(5_000);
        assertEquals("5000@5000", order.get(3));
        assertEquals(null, late.next, "nothing armed, no tick asked for");
    }

    /** A capture fake whose one pending task runs when the test says, however late. */
    private static final class LateClock implements dev.duplex.server.api.Scheduler {
        long now;
        Runnable next;

        @Override
        public long nowMillis() {
            return now;
        }

        @Override
        public Cancellable schedule(Runnable task, long delayMillis) {
            next = task;
            return () -> {
                if (next == task) {
                    next = null;
                }
            };
        }

        void runTickAt(long time) {
            now = time;
            Runnable task = next;
            next = null;
            task.run();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aTimeoutMayReArmItselfWhileItRunsAndADeadlineInThePastFiresOnTheNextTick() {
        TimerWheel.Timeout[] self = new TimerWheel.Timeout[1];
        self[0] = wheel.timeout(() -> {
            fired.add("beat@" + (clock.nowMillis() - start));
            if (fired.size() < 3) {
                self[0].schedule(clock.nowMillis() + 250);
            }
        });
        self[0].schedule(start - 1_000);
        clock.advance(2_000);
        assertEquals(List.of("beat@100", "beat@400", "beat@700"), fired);
    }

    @Test
    void theWheelAsksForATickOnlyWhileSomethingIsArmed() {
        assertEquals(List.of(), clock.pendingDueTimes(), "a new wheel costs nothing");
        TimerWheel.Timeout t = named("t");
        t.schedule(start + 450);
        assertEquals(List.of(start + 100), clock.pendingDueTimes(), "one tick asked for, the next one");
        t.cancel();
        assertEquals(List.of(), clock.pendingDueTimes(), "the last cancel calls the tick off");
        t.schedule(start + 150);
        clock.advance(1_000);
        assertEquals(List.of("t@200"), fired);
        assertEquals(List.of(), clock.pendingDueTimes(), "after the last timeout fired, no more ticks");
    }

    @Test
    void aFailingTaskDoesNotStopTheOthersOnItsTick() {
        wheel.timeout(() -> {
            throw new IllegalStateException("boom");
        }).schedule(start + 100);
        named("after").schedule(start + 150);
        clock.advance(500);
        assertEquals(List.of("after@200"), fired);
    }

    @Test
    void aClosedWheelForgetsItsTimeoutsAndArmsNothingMore() {
        TimerWheel.Timeout t = named("t");
        t.schedule(start + 100);
        wheel.close();
        t.schedule(start + 200);
        assertEquals(0, wheel.armed());
        assertEquals(List.of(), clock.pendingDueTimes());
        clock.advance(1_000);
        assertEquals(List.of(), fired);
    }
}
