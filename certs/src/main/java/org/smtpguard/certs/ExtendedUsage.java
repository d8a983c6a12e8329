package org.smtpguard.certs;

import org.bouncycastle.asn1.x509.KeyPurposeId;

/** The extended key usages (RFC 5280 §4.2.1.12) a generated leaf certificate can carry. */
public enum ExtendedUsage {
    /** id-kp-serverAuth: the certificate may identify a TLS server (an SMTP upstream, our client leg). */
    SERVER_AUTH(KeyPurposeId.id_kp_serverAuth),
    /** id-kp-clientAuth: the certificate may identify a TLS client. */
    CLIENT_AUTH(KeyPurposeId.id_kp_clientAuth),
    /** id-kp-emailProtection: S/MIME. */
    EMAIL_PROTECTION(KeyPurposeId.id_kp_emailProtection);

    private final KeyPurposeId purpose;

    ExtendedUsage(KeyPurposeId purpose) {
        this.purpose = purpose;
    }

    KeyPurposeId purpose() {
        return purpose;
    }
}
