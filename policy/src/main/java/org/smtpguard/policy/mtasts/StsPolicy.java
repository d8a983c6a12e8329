package org.smtpguard.policy.mtasts;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A parsed MTA-STS policy file (RFC 8461 §3.2): its mode, the MX patterns it allows, how long it
 * may be cached, and its lines as published (for TLS-RPT's {@code policy-string}).
 * Parse one with {@link StsPolicyParser}.
 */
public record StsPolicy(StsMode mode, List<MxPattern> mx, Duration maxAge, List<String> lines) {

    /** The longest {@code max_age} a policy may have (RFC 8461 §3.2): a year of 365.25 days. */
    public static final Duration MAX_AGE_LIMIT = Duration.ofSeconds(31_557_600);

    public StsPolicy {
        Objects.requireNonNull(mode, "mode");
        mx = List.copyOf(mx);
        lines = List.copyOf(lines);
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.compareTo(MAX_AGE_LIMIT) > 0) {
            throw new IllegalArgumentException("max_age must be 0 to " + MAX_AGE_LIMIT.toSeconds() + " seconds");
        }
        if (mode != StsMode.NONE && mx.isEmpty()) {
            throw new IllegalArgumentException("a policy in mode " + mode.label() + " lists at least one mx");
        }
    }

    /** Whether the policy allows delivery to this MX host: one of its {@code mx} patterns matches. */
    public boolean allowsMx(String mxHost) {
        return mx.stream().anyMatch(p -> p.matches(mxHost));
    }
}
