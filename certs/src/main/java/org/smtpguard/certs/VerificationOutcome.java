package org.smtpguard.certs;

/** Why a presented certificate chain was, or was not, accepted by {@link ChainVerifier}. */
public enum VerificationOutcome {
    /** A trusted path, every certificate valid now, usable for a TLS server, and the name matches. */
    VERIFIED,
    /** No path to a trust anchor: unknown issuer, self-signed but not an anchor, bad signature. */
    UNTRUSTED,
    /** The leaf or an intermediate certificate expired before now. */
    EXPIRED,
    /** The leaf or an intermediate certificate only becomes valid after now. */
    NOT_YET_VALID,
    /** The leaf does not name the expected host. */
    NAME_MISMATCH,
    /** The leaf's extendedKeyUsage does not allow a TLS server (serverAuth). */
    WRONG_KEY_USAGE,
    /** No public key in the chain (or not the leaf's, where only the leaf counts) is one of the configured pins. */
    PIN_MISMATCH,
    /** No usable DANE TLSA record matches the chain (or, for DANE-TA, the chain below the matched anchor fails). */
    TLSA_MISMATCH,
    /** The peer presented no certificate at all. */
    EMPTY_CHAIN
}
