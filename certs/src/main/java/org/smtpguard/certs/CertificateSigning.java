package org.smtpguard.certs;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The parts every generated certificate shares: subject names, random serial numbers,
 * second-precision validity, key identifiers and the signature (SHA-256 with ECDSA or RSA,
 * as the signing key requires). Uses the JDK's providers; Bouncy Castle only builds the DER.
 */
final class CertificateSigning {

    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateSigning() {
    }

    static X500Name subject(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    /** A random positive serial number of exactly 128 bits (RFC 5280 allows up to 20 octets). */
    static BigInteger randomSerial() {
        return new BigInteger(128, RANDOM).setBit(127);
    }

    static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, Instant notBefore,
            Instant notAfter, PublicKey subjectKey) {
        return new JcaX509v3CertificateBuilder(issuer, randomSerial(), seconds(notBefore), seconds(notAfter),
                subject, subjectKey);
    }

    static JcaX509ExtensionUtils extensionUtils() {
        try {
            return new JcaX509ExtensionUtils();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-1 for key identifiers", e);
        }
    }

    static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signerKey) {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm(signerKey)).build(signerKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException | CertificateException e) {
            throw new IllegalStateException("cannot sign a certificate with a " + signerKey.getAlgorithm() + " key", e);
        }
    }

    static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalArgumentException("cannot sign with a " + key.getAlgorithm() + " key");
        };
    }

    /** X.509 times have whole seconds; cut here so that the certificate says exactly what was asked. */
    private static Date seconds(Instant instant) {
        return Date.from(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
