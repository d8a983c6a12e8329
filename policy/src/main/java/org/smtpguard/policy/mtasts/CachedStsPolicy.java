package org.smtpguard.policy.mtasts;

import java.time.Instant;
import java.util.Objects;

/** A policy as fetched: the id of the TXT record it was fetched under, and when. */
public record CachedStsPolicy(String id, StsPolicy policy, Instant fetchedAt) {

    public CachedStsPolicy {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
    }

    /** When the policy stops applying unless refreshed: fetched + {@code max_age}. */
    public Instant expiresAt() {
        return fetchedAt.plus(policy.maxAge());
    }

    /** Whether it still applies at {@code now}. */
    public boolean isUnexpiredAt(Instant now) {
        return now.isBefore(expiresAt());
    }
}
