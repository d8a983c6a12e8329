package org.smtpguard.proxy.dns;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * DNS answers kept for their TTL, at most {@code capacity} of them (the least recently used goes
 * first). Failures are never stored. Thread-safe: resolver threads store, any thread reads.
 */
final class AnswerCache {

    private record Entry(DnsAnswer<?> answer, Instant expires) {
    }

    private final int capacity;
    private final Clock clock;
    private final Map<String, Entry> entries;

    AnswerCache(int capacity, Clock clock) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative: " + capacity);
        }
        this.capacity = capacity;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** The answer stored for this type and name, unless it has expired. */
    @SuppressWarnings("unchecked")
    synchronized <T> Optional<DnsAnswer<T>> get(int type, String name) {
        String key = key(type, name);
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expires())) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of((DnsAnswer<T>) entry.answer());
    }

    /** Stores an answer for its TTL; failures and zero TTLs are not stored. */
    synchronized void put(int type, DnsAnswer<?> answer) {
        if (answer.outcome() == DnsOutcome.FAILURE || answer.ttl().isZero() || capacity == 0) {
            return;
        }
        entries.put(key(type, answer.name()), new Entry(answer, clock.instant().plus(answer.ttl())));
        if (entries.size() > capacity) {
            entries.remove(entries.keySet().iterator().next());
        }
    }

    synchronized int size() {
        return entries.size();
    }

    private static String key(int type, String name) {
        return type + " " + name;
    }
}
