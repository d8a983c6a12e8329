package org.smtpguard.policy.mtasts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.smtpguard.policy.mtasts.StsRefresh.Action.FETCH;
import static org.smtpguard.policy.mtasts.StsRefresh.Action.NO_POLICY;
import static org.smtpguard.policy.mtasts.StsRefresh.Action.USE_CACHED;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StsRefreshTest {

    private static final Instant FETCHED = Instant.parse("2026-11-23T10:00:00Z");
    /** max_age one week. */
    private static final CachedStsPolicy CACHED = new CachedStsPolicy("id1",
            StsPolicyParser.parse("version: STSv1\nmode: enforce\nmx: mx.example\nmax_age: 604800\n"), FETCHED);

    @ParameterizedTest(name = "[{index}] txt {0}, cache {1}, {2} after the fetch -> {3}")
    @CsvSource({
        // txt id (- none) | cached (yes/no) | time since fetch | action
        "id1, yes, PT1H,      USE_CACHED",   // same id, fresh
        "id2, yes, PT1H,      FETCH",        // the id changed
        "id1, no,  PT1H,      FETCH",        // nothing cached
        "id1, yes, PT25H,     FETCH",        // same id but older than a day: refresh
        "id1, yes, P7D,       FETCH",        // expired (max_age reached exactly)
        "-,   yes, PT1H,      USE_CACHED",   // TXT gone or lookup failed: the cache still applies
        "-,   yes, P6DT23H,   USE_CACHED",
        "-,   yes, P7D,       NO_POLICY",    // ... until max_age
        "-,   no,  PT1H,      NO_POLICY",
    })
    void decidesBetweenCacheFetchAndNoPolicy(String txtId, String cached, Duration age, StsRefresh.Action action) {
        Optional<StsTxtRecord> txt = txtId.equals("-") ? Optional.empty() : Optional.of(new StsTxtRecord(txtId));
        Optional<CachedStsPolicy> cache = cached.equals("yes") ? Optional.of(CACHED) : Optional.empty();

        assertThat(StsRefresh.decide(txt, cache, FETCHED.plus(age))).isEqualTo(action);
    }

    @ParameterizedTest(name = "[{index}] fetch failed {0} after the cached fetch -> {1}")
    @CsvSource({"PT1H, USE_CACHED", "P6D, USE_CACHED", "P7D, NO_POLICY", "P30D, NO_POLICY"})
    void aFailedFetchKeepsAnUnexpiredCachedPolicy(Duration age, StsRefresh.Action action) {
        assertThat(StsRefresh.afterFailedFetch(Optional.of(CACHED), FETCHED.plus(age))).isEqualTo(action);
        assertThat(StsRefresh.afterFailedFetch(Optional.empty(), FETCHED.plus(age))).isEqualTo(NO_POLICY);
    }

    @ParameterizedTest(name = "[{index}] max_age 0 is never used from the cache")
    @CsvSource({"id1, FETCH", "-, NO_POLICY"})
    void aZeroMaxAgeIsNeverServedFromTheCache(String txtId, StsRefresh.Action action) {
        CachedStsPolicy zero = new CachedStsPolicy("id1",
                StsPolicyParser.parse("version: STSv1\nmode: enforce\nmx: mx.example\nmax_age: 0\n"), FETCHED);
        Optional<StsTxtRecord> txt = txtId.equals("-") ? Optional.empty() : Optional.of(new StsTxtRecord(txtId));
        assertThat(StsRefresh.decide(txt, Optional.of(zero), FETCHED)).isEqualTo(action);
    }
}
