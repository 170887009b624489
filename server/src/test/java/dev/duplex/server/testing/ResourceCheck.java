package dev.duplex.server.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The resource half of every scenario's verdict: heap after GC, live threads and open file descriptors, taken
 * before the scenario and required to come back within a tolerance after it. Threads and sockets wind down
 * asynchronously (a stopped pool's threads, a closed client's selector), so the check waits for the numbers to
 * settle, condition-based, and only then fails, naming the threads that are still there.
 */
public final class ResourceCheck {
    /**
     * Default slack: a few lazily started JDK threads, some heap noise, and a few descriptors: /dev/urandom and
     * the like on first use, and the JDK HttpClient's own sockets, which it closes only when it is collected
     * (after a FIN kill a few sit in CLOSE_WAIT toward the proxy until then; the failure message names each).
     */
    public static final Tolerance DEFAULT = new Tolerance(48L << 20, 4, 16);
    private static final long SETTLE_MILLIS = 20_000;

    private ResourceCheck() {
    }

    /** How far above the baseline each number may end. */
    public record Tolerance(long heapBytes, int threads, int openFiles) { }

    /** One measurement. {@code openFiles} is -1 where {@code /proc/self/fd} does not exist. */
    public record Snapshot(long heapBytes, int threads, int openFiles, Set<String> threadNames,
            Set<String> files) {
        boolean within(Snapshot baseline, Tolerance tolerance) {
            return heapBytes - baseline.heapBytes <= tolerance.heapBytes()
                    && threads - baseline.threads <= tolerance.threads()
                    && openFiles - baseline.openFiles <= tolerance.openFiles();
        }

        /** This snapshot against a baseline, for reports: "heap +3 MiB, threads +0, fds +1". */
        public String delta(Snapshot baseline) {
            return String.format("heap %+d MiB, threads %+d, fds %+d", (heapBytes - baseline.heapBytes) >> 20,
                    threads - baseline.threads, openFiles - baseline.openFiles);
        }
    }

    /** Measures now, after a full GC. */
    public static Snapshot take() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        long heap = runtime.totalMemory() - runtime.freeMemory();
        Set<String> names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> files = openFiles();
        return new Snapshot(heap, ManagementFactory.getThreadMXBean().getThreadCount(),
                files == null ? -1 : files.size(), names, files == null ? Set.of() : files);
    }

    /** What each open descriptor points at ("socket:[inode]", a path), or null without /proc. */
    private static Set<String> openFiles() {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return null;
        }
        Set<String> targets = new TreeSet<>();
        try (Stream<Path> entries = Files.list(fds)) {
            entries.forEach(fd -> {
                try {
                    targets.add(fd.getFileName() + " " + Files.readSymbolicLink(fd));
                } catch (IOException e) {
                    // closed while listing
                }
            });
        } catch (IOException e) {
            return null;
        }
        return targets;
    }

    /**
     * Waits until heap, threads and descriptors are back within {@code tolerance} of {@code baseline}.
     *
     * @return the settled snapshot, for the scenario's report
     * @throws AssertionError with both snapshots and the threads that appeared, if they do not settle in 20 s
     */
    public static Snapshot assertBackTo(Snapshot baseline, Tolerance tolerance) throws InterruptedException {
        Snapshot[] last = {take()};
        boolean settled = last[0].within(baseline, tolerance) || Await.within(SETTLE_MILLIS, () -> {
            last[0] = take();
            return last[0].within(baseline, tolerance);
        });
        if (!settled) {
            Set<String> appeared = new TreeSet<>(last[0].threadNames());
            appeared.removeAll(baseline.threadNames());
            Set<String> opened = new TreeSet<>(last[0].files());
            opened.removeAll(baseline.files());
            throw new AssertionError("resources did not come back to baseline: " + last[0].delta(baseline)
                    + " (tolerance " + tolerance + "); threads that appeared: " + appeared + "; descriptors: "
                    + TcpTable.describe(opened));
        }
        return last[0];
    }
}
