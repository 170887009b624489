package dev.duplex.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The CI smoke check: runs the quick benchmark (fanout-small and reconnect, both transports, Duplex and raw,
 * one round, about a minute) and asserts only that it completes and that Duplex lost and duplicated nothing.
 * No timing assertions. Skipped unless {@code -Dbench.skip=false}.
 */
class QuickBenchTest {
    @Test
    void quickRunLosesNothing() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path out = Path.of("target/quick.md").toAbsolutePath();
        Bench bench = new Bench(true, 1);
        int status = bench.run(java.util.List.of("fanout-small", "reconnect"), out);
        assertEquals(0, status, "Duplex lost or duplicated messages; see " + out);
        assertEquals(0, bench.results.sum("duplex", null, "lost"));
        assertEquals(0, bench.results.sum("duplex", null, "dup"));
        assertEquals(true, Files.readString(out).contains("fanout-small"), "report written under " + root);
    }
}
