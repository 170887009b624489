package dev.duplex.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The oracle must catch each kind of failure, or every scenario that relies on it proves nothing. */
class DeliveryOracleTest {
    private final DeliveryOracle oracle = new DeliveryOracle("test");

    private void send(String producer, int count) {
        for (int n = 1; n <= count; n++) {
            oracle.sent(producer, n);
        }
    }

    private void receive(String producer, int... numbers) {
        for (int n : numbers) {
            oracle.received(DeliveryOracle.payload(producer, n));
        }
    }

    @Test
    void aPerfectRunIsCleanAndComplete() {
        send("a", 3);
        send("b", 2);
        receive("a", 1, 2);
        receive("b", 1);
        assertFalse(oracle.complete());
        receive("b", 2);
        receive("a", 3);
        assertTrue(oracle.complete());
        assertTrue(oracle.verdict().clean());
    }

    @Test
    void lossDuplicationReorderingAndSilentGapsAreEachReported() {
        send("a", 6);
        receive("a", 1, 1, 3, 2, 6);
        DeliveryOracle.Verdict verdict = oracle.verdict();
        assertEquals(1, verdict.duplicates());
        assertEquals(1, verdict.reordered());
        assertEquals(3, verdict.silentGaps(), "2 skipped before 3 (later late), 4 and 5 skipped before 6");
        assertEquals(2, verdict.missing(), "4 and 5 never came");
        assertThrows(AssertionError.class, () -> verdict.assertClean("expected"));
    }

    @Test
    void aGapAnnouncedByAResetIsNotAFailureButAnUnannouncedOneIs() {
        send("a", 10);
        receive("a", 1, 2);
        oracle.reset(3, 5);
        receive("a", 6, 7, 10);
        DeliveryOracle.Verdict verdict = oracle.verdict();
        assertEquals(3, verdict.announced());
        assertEquals(2, verdict.silentGaps(), "8 and 9 were skipped with no reset");
        assertEquals(2, verdict.missing());
        assertFalse(verdict.clean());
    }
}
