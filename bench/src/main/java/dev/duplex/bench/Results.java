package dev.duplex.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Every measured row, and medians over rounds. */
final class Results {
    record Row(String scenario, String transport, String param, String kind, int round, Map<String, Double> values) {
    }

    final List<Row> rows = new ArrayList<>();

    synchronized void add(String scenario, String transport, String param, String kind, int round,
            Map<String, Double> values) {
        rows.add(new Row(scenario, transport, param, kind, round, values));
    }

    /** Sum of a metric over the rows of {@code kind} (and {@code scenario} unless null). */
    synchronized long sum(String kind, String scenario, String metric) {
        double n = 0;
        for (Row r : rows) {
            if (r.kind.equals(kind) && (scenario == null || r.scenario.equals(scenario))
                    && r.values.containsKey(metric)) {
                n += r.values.get(metric);
            }
        }
        return (long) n;
    }

    /** The median of a metric over rounds, NaN if none. */
    synchronized double median(String scenario, String transport, String param, String kind, String metric) {
        double[] v = rows.stream().filter(r -> r.scenario.equals(scenario) && r.transport.equals(transport)
                && r.param.equals(param) && r.kind.equals(kind) && r.values.containsKey(metric))
                .mapToDouble(r -> r.values.get(metric)).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    synchronized int roundCount(String scenario, String transport, String param, String kind) {
        return (int) rows.stream().filter(r -> r.scenario.equals(scenario) && r.transport.equals(transport)
                && r.param.equals(param) && r.kind.equals(kind)).count();
    }

    /** (transport, param) pairs of a scenario, in first-seen order. */
    synchronized List<String[]> keys(String scenario) {
        Set<String> seen = new LinkedHashSet<>();
        List<String[]> keys = new ArrayList<>();
        for (Row r : rows) {
            if (r.scenario.equals(scenario) && seen.add(r.transport + "\u0000" + r.param)) {
                keys.add(new String[] {r.transport, r.param});
            }
        }
        return keys;
    }

    synchronized List<String> metrics(String scenario) {
        Set<String> m = new LinkedHashSet<>();
        for (Row r : rows) {
            if (r.scenario.equals(scenario)) {
                m.addAll(r.values.keySet());
            }
        }
        return new ArrayList<>(m);
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double a = Math.abs(v);
        String f = a == Math.rint(a) && a < 1e9 ? "%.0f" : a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f"
                : "%.3f";
        return String.format(Locale.ROOT, f, v);
    }

    static String format(Map<String, Double> row) {
        StringBuilder b = new StringBuilder();
        row.forEach((k, v) -> b.append(k).append('=').append(num(v)).append("  "));
        return b.toString().trim();
    }

    static List<String> list(String... s) {
        return Arrays.asList(s);
    }
}
