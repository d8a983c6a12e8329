package org.smtpguard.certs;

/** The kind of key pair generated for a certificate. */
public enum KeyKind {
    /** ECDSA on NIST P-256 (secp256r1): small, fast and accepted everywhere. The default. */
    EC_P256,
    /** RSA with a 2048-bit modulus, for peers that cannot do ECDSA. */
    RSA_2048,
    /** RSA with a 3072-bit modulus. */
    RSA_3072;

    boolean isRsa() {
        return this != EC_P256;
    }
}
