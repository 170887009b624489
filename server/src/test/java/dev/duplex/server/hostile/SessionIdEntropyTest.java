package dev.duplex.server.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.server.session.SessionIds;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A million session ids: no collision, no pattern (every bit position balanced), 128 bits each. */
class SessionIdEntropyTest {

    @Test
    void aMillionIdsNeitherCollideNorShowAPattern() {
        SessionIds ids = new SessionIds();
        int count = 1_000_000;
        Set<String> seen = new HashSet<>(count * 2);
        long[] ones = new long[128];
        for (int i = 0; i < count; i++) {
            String id = ids.newId();
            assertEquals(22, id.length());
            assertTrue(seen.add(id), "collision after " + i + " ids");
            byte[] bits = Base64.getUrlDecoder().decode(id);
            for (int bit = 0; bit < 128; bit++) {
                if ((bits[bit >> 3] >> (bit & 7) & 1) == 1) {
                    ones[bit]++;
                }
            }
        }
        // Each bit is set in half the ids; 6 standard deviations (500 for a million) is a generous bound.
        for (int bit = 0; bit < 128; bit++) {
            assertTrue(Math.abs(ones[bit] - count / 2) < 3_000, "bit " + bit + " is biased: " + ones[bit]);
        }
        assertEquals(43, ids.newToken().length(), "tokens carry 256 bits");
    }
}
