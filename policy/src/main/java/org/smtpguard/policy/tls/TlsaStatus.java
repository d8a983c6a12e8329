package org.smtpguard.policy.tls;

/** What the TLSA look-up of {@code _<port>._tcp.<host>} found, as far as DANE (RFC 7672 §2.2) cares. */
public enum TlsaStatus {
    /** Not asked: the level does not use DANE. */
    NOT_LOOKED_UP,
    /** DNSSEC-validated, with at least one record usable for SMTP (DANE-TA or DANE-EE). */
    USABLE,
    /** DNSSEC-validated, but no record is usable for SMTP (PKIX-TA/EE, unknown parameters): as if none (RFC 7672 §3.1.3). */
    UNUSABLE,
    /** DNSSEC-validated denial: the host has no TLSA records. */
    NONE,
    /** Records or denial without DNSSEC (unsigned zone, no trust anchor): DANE cannot apply. */
    INSECURE,
    /** DNSSEC validation failed: possibly an attack, delivery must be deferred (RFC 7672 §2.2). */
    BOGUS,
    /** No answer (server failure, time-out): whether DANE applies is unknown, delivery is deferred. */
    FAILED;

    /**
     * This TLSA status for a host whose address records are {@code addressesInsecure}: provably
     * unsigned (an answer, or a denial, that DNSSEC shows to be insecure). RFC 7672 §2.2.2: TLSA
     * records are looked up only for hosts whose address records are validated; DANE does not apply to
     * any other, so there even a failed TLSA look-up ({@link #FAILED}) does not defer delivery. A
     * validating resolver cannot be made to call a signed zone insecure, so this opens no downgrade.
     */
    public TlsaStatus forAddresses(boolean addressesInsecure) {
        return addressesInsecure && this != NOT_LOOKED_UP ? INSECURE : this;
    }
}
