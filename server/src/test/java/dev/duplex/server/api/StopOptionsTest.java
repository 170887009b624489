package dev.duplex.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The graceful stop's options: defaults, validation, and the {@code web.xml} names. */
class StopOptionsTest {

    @Test
    void defaultsSpreadReturnsOverHalfASecondToFiveSecondsAndWaitTwoSeconds() {
        DuplexOptions options = DuplexOptions.defaults();
        assertEquals(500, options.stopRetryMinMillis());
        assertEquals(5_000, options.stopRetryMaxMillis());
        assertEquals(2_000, options.stopGraceMillis());
    }

    @Test
    void badValuesFailAtMountTimeNamingTheOption() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DuplexOptions.builder().stopRetryMinMillis(0)
                .build()).getMessage().startsWith("stopRetryMinMillis must be positive"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DuplexOptions.builder().stopGraceMillis(-1)
                .build()).getMessage().startsWith("stopGraceMillis must be positive"));
        assertEquals("stopRetryMaxMillis=400 must be at least stopRetryMinMillis=500",
                assertThrows(IllegalArgumentException.class, () -> DuplexOptions.builder().stopRetryMaxMillis(400)
                        .build()).getMessage());
        // One fixed advice is allowed.
        assertEquals(800, DuplexOptions.builder().stopRetryMinMillis(800).stopRetryMaxMillis(800).build()
                .stopRetryMaxMillis());
    }

    @Test
    void initParamsSetThem() {
        DuplexOptions options = DuplexOptions.fromParameters(Map.of("stopRetryMinMillis", "100",
                "stopRetryMaxMillis", "200", "stopGraceMillis", "300")::get);
        assertEquals(100, options.stopRetryMinMillis());
        assertEquals(200, options.stopRetryMaxMillis());
        assertEquals(300, options.stopGraceMillis());
        assertTrue(DuplexOptions.parameterNames().contains("stopGraceMillis"));
    }
}
