package org.smtpguard.proxy.mtasts;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.smtpguard.policy.mtasts.CachedStsPolicy;
import org.smtpguard.policy.mtasts.StsMode;
import org.smtpguard.policy.mtasts.StsMxVerdict;
import org.smtpguard.policy.mtasts.StsPolicy;
import org.smtpguard.policy.tlsrpt.TlsRptPolicy;
import org.smtpguard.policy.tlsrpt.TlsRptResultType;

/**
 * The MTA-STS policy that applies to a domain now, where it came from, and, when a fetch failed and
 * no cached policy was left, why (for TLS-RPT).
 */
public record StsLookup(String domain, Optional<CachedStsPolicy> applied, Source source,
        Optional<TlsRptResultType> fetchFailure) {

    /** Where the applied policy came from. */
    public enum Source {
        /** No TXT record and nothing cached: the domain has no MTA-STS policy. */
        NONE,
        /** Fetched just now (new id, nothing cached, or a refresh). */
        FETCHED,
        /** From the cache: the TXT id was unchanged, or the TXT record could not be had. */
        CACHED,
        /** From the cache, because fetching the new policy failed. */
        CACHED_AFTER_FAILED_FETCH,
        /** The fetch failed and nothing usable was cached: delivery goes on without MTA-STS. */
        FETCH_FAILED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public StsLookup {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(applied, "applied");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(fetchFailure, "fetchFailure");
    }

    /** The policy in force, if any (a policy in mode {@code none} included). */
    public Optional<StsPolicy> policy() {
        return applied.map(CachedStsPolicy::policy);
    }

    /** Whether a policy in mode enforce or testing applies. */
    public boolean hasActivePolicy() {
        return policy().filter(p -> p.mode() != StsMode.NONE).isPresent();
    }

    /** Whether {@code mxHost} may be delivered to under this domain's policy. */
    public StsMxVerdict verdictFor(String mxHost) {
        return StsMxVerdict.of(policy(), mxHost);
    }

    /** The policy a TLS-RPT report counts this domain's sessions under. */
    public TlsRptPolicy tlsRptPolicy() {
        return hasActivePolicy() ? TlsRptPolicy.sts(domain, policy().orElseThrow())
                : TlsRptPolicy.noPolicyFound(domain);
    }

    /** For logs: {@code enforce/fetched}, {@code none/none}, … */
    public String summary() {
        return policy().map(p -> p.mode().label()).orElse("none") + "/" + source.label();
    }
}
