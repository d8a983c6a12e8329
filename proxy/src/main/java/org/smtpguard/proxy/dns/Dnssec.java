package org.smtpguard.proxy.dns;

/** The DNSSEC status of an answer, as the validating resolver judged it (RFC 4033 §5). */
public enum Dnssec {
    /** Validated from a configured trust anchor: the answer (or the denial of existence) is authentic. */
    SECURE,
    /** No chain of trust covers the name (unsigned zone, no trust anchor), or the look-up failed before validation. */
    INSECURE,
    /** A chain of trust covers the name but the answer failed validation: treat as an attack, never use the data. */
    BOGUS
}
