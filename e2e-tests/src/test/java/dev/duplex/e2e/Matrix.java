package dev.duplex.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The results matrix: one row per scenario run, written as Markdown for the README. */
final class Matrix {
    /** One run's outcome. */
    record Row(String scenario, String browser, String network, String container, String expected, String actual,
            boolean passed, double seconds, String note) {
    }

    private final List<Row> rows = new ArrayList<>();

    synchronized void add(Row row) {
        rows.add(row);
    }

    synchronized String markdown(double wallSeconds) {
        StringBuilder sb = new StringBuilder("# Duplex browser e2e matrix\n\n");
        long passed = rows.stream().filter(Row::passed).count();
        sb.append(String.format("%d of %d runs passed; wall time %.0f s.%n%n", passed, rows.size(), wallSeconds));
        sb.append("| scenario | browser | network | container | expected transport | actual | result | time (s) "
                + "| note |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %.1f | %s |%n", r.scenario(), r.browser(),
                    r.network(), r.container(), r.expected(), r.actual(), r.passed() ? "pass" : "**FAIL**",
                    r.seconds(), r.note().replace("|", "/").replace("\n", " ")));
        }
        return sb.toString();
    }

    void write(Path file, double wallSeconds) {
        String md = markdown(wallSeconds);
        System.out.println(md);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, md);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
