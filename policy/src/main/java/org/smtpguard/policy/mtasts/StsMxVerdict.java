package org.smtpguard.policy.mtasts;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether an MTA-STS policy lets smtpguard deliver to one MX host (RFC 8461 §4.1, §5): without a
 * policy or in mode {@code none} it has no say; a listed host is allowed; an unlisted host is refused
 * in {@code enforce} mode and only reported in {@code testing} mode.
 */
public enum StsMxVerdict {
    /** No policy, or mode none: the level below MTA-STS decides. */
    NO_POLICY(true),
    /** The MX host matches one of the policy's mx patterns. */
    MX_ALLOWED(true),
    /** Not listed, but the policy is in testing mode: deliver, log and report. */
    MX_NOT_LISTED_TESTING(true),
    /** Not listed and the policy is enforced: refuse. */
    MX_NOT_LISTED_REFUSED(false);

    private final boolean allowsDelivery;

    StsMxVerdict(boolean allowsDelivery) {
        this.allowsDelivery = allowsDelivery;
    }

    /** The verdict for {@code mxHost} under {@code policy}. */
    public static StsMxVerdict of(Optional<StsPolicy> policy, String mxHost) {
        if (policy.isEmpty() || policy.get().mode() == StsMode.NONE) {
            return NO_POLICY;
        }
        if (policy.get().allowsMx(mxHost)) {
            return MX_ALLOWED;
        }
        return policy.get().mode() == StsMode.ENFORCE ? MX_NOT_LISTED_REFUSED : MX_NOT_LISTED_TESTING;
    }

    public boolean allowsDelivery() {
        return allowsDelivery;
    }

    /** Lower-case name for logs and metric labels, e.g. {@code mx_not_listed_refused}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
