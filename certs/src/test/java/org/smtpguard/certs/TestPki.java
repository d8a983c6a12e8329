package org.smtpguard.certs;

import java.io.IOException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/** A fixed clock and the certificates the tests share, all made with the toolkit itself. */
final class TestPki {

    /** "Now" for every test: certificates are made around it, so no test depends on the real clock. */
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final Duration DAY = Duration.ofDays(1);
    static final Duration YEAR = Duration.ofDays(365);

    private TestPki() {
    }

    static CertificateAuthority ca(String commonName) {
        return CertificateAuthority.generate(commonName, NOW.minus(YEAR), NOW.plus(YEAR.multipliedBy(10)));
    }

    static LeafSpec spec(String... names) {
        return LeafSpec.forNames(NOW.minus(DAY), YEAR, names);
    }

    /**
     * A leaf signed by another leaf (which is not a CA): for chains that must fail PKIX even
     * though every certificate is in date.
     */
    static IssuedCertificate signedByLeaf(IssuedCertificate notACa, LeafSpec spec) {
        KeyPair keys = KeyPairs.generate(spec.keyKind());
        X500Name issuer = X500Name.getInstance(notACa.certificate().getSubjectX500Principal().getEncoded());
        X509Certificate leaf = LeafCertificates.create(spec, keys, issuer, notACa.certificate().getPublicKey(),
                notACa.privateKey());
        return new IssuedCertificate(leaf, keys.getPrivate(), java.util.List.of(leaf, notACa.certificate()));
    }

    /**
     * A self-signed certificate whose DNS SANs are exactly {@code dnsNames}, even ones a
     * {@link LeafSpec} refuses (an IP address spelled as a DNS name, for instance).
     */
    static X509Certificate withRawDnsNames(String commonName, String... dnsNames) throws Exception {
        KeyPair keys = KeyPairs.generate(KeyKind.EC_P256);
        X500Name subject = CertificateSigning.subject(commonName);
        var builder = CertificateSigning.builder(subject, subject, NOW.minus(DAY), NOW.plus(YEAR), keys.getPublic());
        GeneralName[] names = java.util.Arrays.stream(dnsNames)
                .map(name -> new GeneralName(GeneralName.dNSName, name))
                .toArray(GeneralName[]::new);
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        return CertificateSigning.sign(builder, keys.getPrivate());
    }

    static byte[] subjectKeyId(X509Certificate certificate) throws IOException {
        return SubjectKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId()))).getKeyIdentifier();
    }

    static byte[] authorityKeyId(X509Certificate certificate) throws IOException {
        return AuthorityKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId()))).getKeyIdentifierOctets();
    }

    static PrivateKey otherEcKey() {
        return KeyPairs.generate(KeyKind.EC_P256).getPrivate();
    }
}
