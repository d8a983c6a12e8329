package org.smtpguard.proxy.bench;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** Failed messages by {@link Failure}; safe to add to from several event loops. */
final class FailureCounts {

    private final AtomicLongArray counts = new AtomicLongArray(Failure.values().length);

    void add(Failure failure) {
        counts.incrementAndGet(failure.ordinal());
    }

    /** The non-zero counts, in the order of {@link Failure}. */
    Map<Failure, Long> snapshot() {
        Map<Failure, Long> out = new EnumMap<>(Failure.class);
        for (Failure f : Failure.values()) {
            long n = counts.get(f.ordinal());
            if (n > 0) {
                out.put(f, n);
            }
        }
        return out;
    }
}
