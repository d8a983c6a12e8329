package org.smtpguard.policy.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void allowsTheLimitInABurstThenRefuses() {
        RateLimiter limiter = new RateLimiter(3, MINUTE, 100);
        assertThat(limiter.tryAcquire("192.0.2.1", T0)).isTrue();
        assertThat(limiter.tryAcquire("192.0.2.1", T0)).isTrue();
        assertThat(limiter.tryAcquire("192.0.2.1", T0)).isTrue();
        assertThat(limiter.tryAcquire("192.0.2.1", T0)).isFalse();
        assertThat(limiter.tryAcquire("192.0.2.1", T0.plusSeconds(10))).isFalse();
    }

    @Test
    void refillsEvenlyOverTheWindow() {
        RateLimiter limiter = new RateLimiter(6, MINUTE, 100);
        for (int i = 0; i < 6; i++) {
            assertThat(limiter.tryAcquire("k", T0)).isTrue();
        }
        assertThat(limiter.tryAcquire("k", T0.plusSeconds(9))).as("9 s: not yet one token").isFalse();
        assertThat(limiter.tryAcquire("k", T0.plusSeconds(10))).as("10 s refill one of six per minute").isTrue();
        assertThat(limiter.tryAcquire("k", T0.plusSeconds(11))).isFalse();
        for (int i = 0; i < 6; i++) {
            assertThat(limiter.tryAcquire("k", T0.plus(Duration.ofMinutes(5)))).isTrue();
        }
        assertThat(limiter.tryAcquire("k", T0.plus(Duration.ofMinutes(5)))).as("a full bucket, not more").isFalse();
    }

    @Test
    void keysAreIndependent() {
        RateLimiter limiter = new RateLimiter(1, MINUTE, 100);
        assertThat(limiter.tryAcquire("a", T0)).isTrue();
        assertThat(limiter.tryAcquire("a", T0)).isFalse();
        assertThat(limiter.tryAcquire("b", T0)).isTrue();
    }

    @Test
    void aClockGoingBackwardsRefillsNothing() {
        RateLimiter limiter = new RateLimiter(1, MINUTE, 100);
        assertThat(limiter.tryAcquire("a", T0)).isTrue();
        assertThat(limiter.tryAcquire("a", T0.minusSeconds(3600))).isFalse();
        assertThat(limiter.tryAcquire("a", T0.plusSeconds(59))).isFalse();
        assertThat(limiter.tryAcquire("a", T0.plusSeconds(60))).isTrue();
    }

    @Test
    void zeroIsOff() {
        RateLimiter limiter = new RateLimiter(0, MINUTE, 100);
        assertThat(limiter.enabled()).isFalse();
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.tryAcquire("a", T0)).isTrue();
        }
        assertThat(limiter.trackedKeys()).isZero();
    }

    @Test
    void remembersAtMostMaxKeysForgettingTheLeastRecentlyUsed() {
        RateLimiter limiter = new RateLimiter(1, MINUTE, 2);
        limiter.tryAcquire("a", T0);
        limiter.tryAcquire("b", T0);
        limiter.tryAcquire("a", T0); // a is now the most recently used (and empty)
        limiter.tryAcquire("c", T0); // b goes
        assertThat(limiter.trackedKeys()).isEqualTo(2);
        assertThat(limiter.tryAcquire("a", T0)).as("a still remembered, still empty").isFalse();
        assertThat(limiter.tryAcquire("b", T0)).as("b was forgotten: full again").isTrue();
    }
}
