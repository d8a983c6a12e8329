package org.smtpguard.policy.tls;

import java.util.Locale;

/** Which check a connection's TLS was held to: a closed set, so it can be a metric label. */
public enum AppliedTls {
    /** TLSA records matched against the presented chain (RFC 7672). */
    DANE,
    /** PKIX and the MX host name, the MX host matching the enforced MTA-STS policy (RFC 8461). */
    MTA_STS,
    /** PKIX and the destination domain or the policy's names. */
    SECURE,
    /** PKIX and the configured or MX host name. */
    VERIFY,
    /** The leaf's public key is pinned. */
    FINGERPRINT,
    /** None: the delivery is refused before connecting. */
    REFUSED;

    /** Lower-case, dash-separated, e.g. {@code mta-sts}, for logs and metric labels. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
