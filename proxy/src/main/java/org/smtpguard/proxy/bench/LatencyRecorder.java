package org.smtpguard.proxy.bench;

import java.util.Arrays;

/** Latencies of the accepted messages, in nanoseconds; safe to add to from several event loops. */
final class LatencyRecorder {

    private long[] values;
    private int size;

    LatencyRecorder(int initialCapacity) {
        values = new long[Math.max(16, initialCapacity)];
    }

    synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = nanos;
    }

    /** A sorted copy of everything recorded. */
    synchronized long[] sorted() {
        long[] copy = Arrays.copyOf(values, size);
        Arrays.sort(copy);
        return copy;
    }
}
