package org.smtpguard.policy.abuse;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A token bucket per key (a client address, a network): at most {@code limit} events in any burst,
 * refilled evenly at {@code limit} per {@code window}. Pure: the caller gives the time. Not
 * thread-safe; the caller serialises access.
 *
 * <p>Memory is bounded: at most {@code maxKeys} buckets are kept; the least recently used one is
 * forgotten first (a forgotten key starts again with a full bucket).
 */
public final class RateLimiter {

    private final int limit;
    private final long windowNanos;
    private final Map<String, Bucket> buckets;

    private static final class Bucket {
        double tokens;
        Instant last;

        Bucket(double tokens, Instant last) {
            this.tokens = tokens;
            this.last = last;
        }
    }

    /**
     * @param limit   events allowed per window; 0 turns the limiter off
     * @param window  the period the limit applies to, e.g. one minute
     * @param maxKeys most keys remembered at once
     */
    public RateLimiter(int limit, Duration window, int maxKeys) {
        if (limit < 0 || window.isNegative() || window.isZero() || maxKeys <= 0) {
            throw new IllegalArgumentException("rate limit needs limit >= 0, a positive window and maxKeys > 0");
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /** Whether the limiter is on (a limit of 0 allows everything). */
    public boolean enabled() {
        return limit > 0;
    }

    /** Takes one token for {@code key} at {@code now}; false when the key is over its rate. */
    public boolean tryAcquire(String key, Instant now) {
        Objects.requireNonNull(key, "key");
        if (limit == 0) {
            return true;
        }
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            bucket = new Bucket(limit, now);
            buckets.put(key, bucket);
        } else {
            long elapsed = Math.max(0, Duration.between(bucket.last, now).toNanos());
            bucket.tokens = Math.min(limit, bucket.tokens + (double) elapsed * limit / windowNanos);
            if (now.isAfter(bucket.last)) {
                bucket.last = now;
            }
        }
        if (bucket.tokens >= 1.0) {
            bucket.tokens -= 1.0;
            return true;
        }
        return false;
    }

    /** Keys currently remembered. */
    public int trackedKeys() {
        return buckets.size();
    }
}
