package org.smtpguard.certs;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * Whether one certificate matches one TLSA record (RFC 6698 §2.1): the selector picks the whole
 * certificate (0) or its SubjectPublicKeyInfo (1), the matching type compares it in full (0), by
 * SHA-256 (1) or by SHA-512 (2). The usage (which certificate of the chain to try) is
 * {@link DaneVerifier}'s business.
 */
public final class TlsaMatcher {

    private TlsaMatcher() {
    }

    /** True if {@code certificate} matches the record's selector, matching type and data. */
    public static boolean matches(TlsaRecord record, X509Certificate certificate) {
        byte[] selected;
        try {
            selected = switch (record.selector()) {
                case TlsaRecord.SELECTOR_CERT -> certificate.getEncoded();
                case TlsaRecord.SELECTOR_SPKI -> certificate.getPublicKey().getEncoded();
                default -> null;
            };
        } catch (CertificateEncodingException e) {
            return false;
        }
        if (selected == null) {
            return false;
        }
        byte[] associated = switch (record.matchingType()) {
            case TlsaRecord.MATCHING_FULL -> selected;
            case TlsaRecord.MATCHING_SHA256 -> digest("SHA-256", selected);
            case TlsaRecord.MATCHING_SHA512 -> digest("SHA-512", selected);
            default -> null;
        };
        return associated != null && MessageDigest.isEqual(associated, record.data());
    }

    /**
     * The record an operator would publish for this certificate's key as the end entity:
     * {@code 3 1 1 <SHA-256 of the SPKI>} (RFC 7671 §5.1's recommendation).
     */
    public static TlsaRecord daneEeSpkiSha256(X509Certificate certificate) {
        return new TlsaRecord(TlsaRecord.USAGE_DANE_EE, TlsaRecord.SELECTOR_SPKI, TlsaRecord.MATCHING_SHA256,
                HexFormat.of().parseHex(Fingerprints.spkiSha256Hex(certificate)));
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + algorithm, e);
        }
    }
}
