package dev.duplex.server.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Fallback reports per minute over the last hour, for the admin view's "over time". Reports are rare. */
final class FallbackHistory {
    static final int MINUTES = 60;

    private final LinkedHashMap<Long, Map<String, Long>> minutes = new LinkedHashMap<>();

    /** One report of {@code reason} at {@code nowMillis}. */
    synchronized void add(long nowMillis, String reason) {
        minutes.computeIfAbsent(nowMillis / 60_000, minute -> new TreeMap<>()).merge(reason, 1L, Long::sum);
        while (minutes.size() > MINUTES) {
            minutes.remove(minutes.keySet().iterator().next());
        }
    }

    /** One row per minute that had reports, oldest first: {@code at} (ms, the minute's start) and counts. */
    synchronized List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        minutes.forEach((minute, counts) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("at", minute * 60_000);
            row.put("counts", new TreeMap<>(counts));
            rows.add(row);
        });
        return rows;
    }
}
