package org.smtpguard.policy.tls;

/**
 * The destination's MTA-STS policy (RFC 8461) as it applies to one MX host. Fetching, caching and
 * matching the policy is the MTA-STS code's job; {@link TlsLevelPolicy} only places it in the order.
 */
public enum MtaStsStatus {
    /** Not asked (the level does not use MTA-STS), or the destination has no policy. */
    NONE,
    /** A policy in {@code testing} mode: failures are reported, never enforced. */
    TESTING,
    /** A policy in {@code enforce} mode whose {@code mx} patterns match this MX host. */
    ENFORCE_MATCH,
    /** A policy in {@code enforce} mode whose {@code mx} patterns do not match this MX host. */
    ENFORCE_MISMATCH
}
