package dev.duplex.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/** A lock-free log-linear histogram of microsecond values, about 1.5% precision, 0 to ~35 minutes. */
final class Histogram {
    private static final int LINEAR = 128;
    private static final int SUB = 64;
    private final AtomicLongArray counts = new AtomicLongArray(LINEAR + 32 * SUB);

    void record(long micros) {
        counts.incrementAndGet(index(Math.max(0, micros)));
    }

    private static int index(long v) {
        if (v < LINEAR) {
            return (int) v;
        }
        int msb = 63 - Long.numberOfLeadingZeros(v);
        int shift = msb - 6;
        return Math.min(LINEAR + (msb - 7) * SUB + (int) ((v >> shift) & (SUB - 1)), LINEAR + 32 * SUB - 1);
    }

    private static long value(int index) {
        if (index < LINEAR) {
            return index;
        }
        int msb = (index - LINEAR) / SUB + 7;
        int sub = (index - LINEAR) % SUB;
        return ((long) (SUB + sub) << (msb - 6)) + (1L << (msb - 6)) / 2;
    }

    long count() {
        long n = 0;
        for (int i = 0; i < counts.length(); i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The value at quantile {@code q} (0..1), in microseconds; -1 if empty. */
    long quantile(double q) {
        long total = count();
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= rank && seen > 0) {
                return value(i);
            }
        }
        return value(counts.length() - 1);
    }
}
