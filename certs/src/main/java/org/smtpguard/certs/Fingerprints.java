package org.smtpguard.certs;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Digests of a certificate in the forms operators paste into configuration and compare with
 * other tools' output.
 */
public final class Fingerprints {

    private static final HexFormat OPENSSL = HexFormat.ofDelimiter(":").withUpperCase();

    private Fingerprints() {
    }

    /**
     * SHA-256 of the whole certificate (DER) as upper-case hex pairs separated by colons, exactly
     * as {@code openssl x509 -noout -fingerprint -sha256} prints it after the {@code =}.
     */
    public static String sha256(X509Certificate certificate) {
        try {
            return OPENSSL.formatHex(sha256(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    /**
     * {@code sha256/} and the base64 SHA-256 of the SubjectPublicKeyInfo (DER): the public key pin
     * form of OkHttp's {@code CertificatePinner} and HPKP. It survives renewals that keep the key.
     */
    public static String spkiSha256(X509Certificate certificate) {
        return "sha256/" + Base64.getEncoder().encodeToString(sha256(certificate.getPublicKey().getEncoded()));
    }

    /**
     * Lower-case hex SHA-256 of the SubjectPublicKeyInfo (DER): the association data of a DANE
     * TLSA record with selector 1 and matching type 1 ({@code 3 1 1 <this>}).
     */
    public static String spkiSha256Hex(X509Certificate certificate) {
        return HexFormat.of().formatHex(sha256(certificate.getPublicKey().getEncoded()));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
