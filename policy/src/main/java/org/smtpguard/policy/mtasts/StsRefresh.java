package org.smtpguard.policy.mtasts;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When to use the cached policy of a domain, when to fetch the policy file, and when the domain has
 * no policy (RFC 8461 §3.3, §5.1): the TXT record is looked up before every delivery; a new id, no
 * cached policy, an expired one or one older than {@link #REFRESH_AFTER} means fetching; a failed
 * fetch or a missing TXT record still leaves an unexpired cached policy in force.
 */
public final class StsRefresh {

    /** A policy still valid is fetched again after a day, so its max_age starts anew (RFC 8461 §5.1). */
    public static final Duration REFRESH_AFTER = Duration.ofDays(1);

    /** What to do next. */
    public enum Action {
        /** Apply the cached policy. */
        USE_CACHED,
        /** Fetch the policy file (then {@link #afterFailedFetch} if that fails). */
        FETCH,
        /** Deliver as if the domain had no MTA-STS policy. */
        NO_POLICY
    }

    private StsRefresh() {
    }

    /**
     * @param txt    the domain's policy record, empty if there is none, it is invalid or the lookup failed
     * @param cached the cached policy of the domain, if any
     */
    public static Action decide(Optional<StsTxtRecord> txt, Optional<CachedStsPolicy> cached, Instant now) {
        boolean unexpired = cached.isPresent() && cached.get().isUnexpiredAt(now);
        if (txt.isEmpty()) {
            return unexpired ? Action.USE_CACHED : Action.NO_POLICY;
        }
        boolean sameId = cached.isPresent() && cached.get().id().equals(txt.get().id());
        boolean recent = cached.isPresent() && now.isBefore(cached.get().fetchedAt().plus(REFRESH_AFTER));
        return unexpired && sameId && recent ? Action.USE_CACHED : Action.FETCH;
    }

    /** After a fetch failed (unreachable, bad certificate, invalid file): a cached, unexpired policy stays. */
    public static Action afterFailedFetch(Optional<CachedStsPolicy> cached, Instant now) {
        return cached.isPresent() && cached.get().isUnexpiredAt(now) ? Action.USE_CACHED : Action.NO_POLICY;
    }
}
