package org.smtpguard.policy.tls;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The TLS security level configured for an upstream or a destination (Postfix's
 * {@code smtp_tls_security_level}, without anything below verified TLS: there is no {@code may},
 * {@code encrypt} or {@code none}). What each level accepts, and what it falls back to, is decided
 * by {@link TlsLevelPolicy}:
 * <ul>
 *   <li>{@link #VERIFY}: a PKIX chain to a trust anchor and the configured (or MX) host name;</li>
 *   <li>{@link #SECURE}: PKIX, and the name must be the destination domain (or a subdomain) or a
 *       name given in the policy; an MX host name counts only if the MX answer was DNSSEC-validated;</li>
 *   <li>{@link #FINGERPRINT}: the leaf's public key must be one of the pins (SPKI SHA-256); nothing else;</li>
 *   <li>{@link #MTA_STS}: the destination's MTA-STS policy in enforce mode (RFC 8461): the MX must
 *       match it, then PKIX and the MX host name; without a policy, {@link #VERIFY};</li>
 *   <li>{@link #DANE}: DNSSEC-validated TLSA records (RFC 7672) when there are usable ones; otherwise
 *       MTA-STS if the destination has an enforced policy (DANE takes precedence, RFC 8461 §2);
 *       otherwise {@link #VERIFY};</li>
 *   <li>{@link #DANE_ONLY}: usable, validated TLSA records are required.</li>
 * </ul>
 */
public enum UpstreamTlsLevel {
    VERIFY("verify"),
    SECURE("secure"),
    FINGERPRINT("fingerprint"),
    MTA_STS("mta-sts"),
    DANE("dane"),
    DANE_ONLY("dane-only");

    private final String configName;

    UpstreamTlsLevel(String configName) {
        this.configName = configName;
    }

    /** The name in configuration, logs and metric labels, e.g. {@code dane-only}. */
    public String configName() {
        return configName;
    }

    /** True if this level asks DNS for TLSA records. */
    public boolean usesDane() {
        return this == DANE || this == DANE_ONLY;
    }

    /** True if this level asks for the destination's MTA-STS policy. */
    public boolean usesMtaSts() {
        return this == DANE || this == MTA_STS;
    }

    /** The level with this configuration name (case-insensitive). */
    public static Optional<UpstreamTlsLevel> fromConfigName(String text) {
        String wanted = text.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(l -> l.configName.equals(wanted)).findFirst();
    }

    @Override
    public String toString() {
        return configName;
    }
}
