package org.smtpguard.proxy.mtasts;

import java.util.concurrent.CompletableFuture;
import org.smtpguard.policy.mtasts.StsMode;
import org.smtpguard.policy.mtasts.StsMxVerdict;
import org.smtpguard.policy.tls.MtaStsStatus;
import org.smtpguard.proxy.upstream.MtaStsLookup;

/**
 * The MTA-STS policy source as the TLS levels ask it ({@link MtaStsLookup}): the destination's policy
 * applied to one MX host, logged by {@link StsMxGate} when the host is not listed.
 */
public final class MtaStsStatuses implements MtaStsLookup {

    private final MtaStsPolicySource source;

    public MtaStsStatuses(MtaStsPolicySource source) {
        this.source = source;
    }

    @Override
    public CompletableFuture<MtaStsStatus> status(String domain, String mxHost) {
        return source.policyFor(domain).thenApply(lookup -> of(lookup, StsMxGate.check(lookup, mxHost)));
    }

    /** The level's view of a verdict. */
    public static MtaStsStatus of(StsLookup lookup, StsMxVerdict verdict) {
        return switch (verdict) {
            case NO_POLICY -> MtaStsStatus.NONE;
            case MX_ALLOWED -> lookup.policy().orElseThrow().mode() == StsMode.ENFORCE
                    ? MtaStsStatus.ENFORCE_MATCH : MtaStsStatus.TESTING;
            case MX_NOT_LISTED_TESTING -> MtaStsStatus.TESTING;
            case MX_NOT_LISTED_REFUSED -> MtaStsStatus.ENFORCE_MISMATCH;
        };
    }
}
