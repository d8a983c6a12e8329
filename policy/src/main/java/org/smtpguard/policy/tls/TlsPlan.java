package org.smtpguard.policy.tls;

import java.util.Objects;

/**
 * The decision for one upstream connection: the check applied (a metric label), the requirement
 * the chain must meet, and why, in a few words for the log line ({@code why="validated TLSA records"}).
 */
public record TlsPlan(AppliedTls applied, TlsRequirement requirement, String why) {

    public TlsPlan {
        Objects.requireNonNull(applied, "applied");
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(why, "why");
        if ((applied == AppliedTls.REFUSED) != (requirement instanceof TlsRequirement.Refused)) {
            throw new IllegalArgumentException(applied + " with " + requirement);
        }
    }

    /** True if the connection must not be made. */
    public boolean refused() {
        return applied == AppliedTls.REFUSED;
    }
}
