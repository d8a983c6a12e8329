package org.smtpguard.certs;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * Builds an end-entity certificate from a {@link LeafSpec}: basicConstraints CA:false,
 * keyUsage digitalSignature (plus keyEncipherment for RSA), the spec's extended key usages and
 * subject alternative names, and key identifiers for the subject and the issuer.
 */
final class LeafCertificates {

    private LeafCertificates() {
    }

    static X509Certificate create(LeafSpec spec, KeyPair subjectKeys, X500Name issuer, PublicKey issuerKey,
            PrivateKey signerKey) {
        JcaX509v3CertificateBuilder builder = CertificateSigning.builder(issuer,
                CertificateSigning.subject(spec.commonName()), spec.notBefore(), spec.notAfter(),
                subjectKeys.getPublic());
        JcaX509ExtensionUtils ids = CertificateSigning.extensionUtils();
        int usage = KeyUsage.digitalSignature | (spec.keyKind().isRsa() ? KeyUsage.keyEncipherment : 0);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            if (!spec.extendedUsages().isEmpty()) {
                builder.addExtension(Extension.extendedKeyUsage, false, extendedKeyUsage(spec));
            }
            if (!spec.dnsNames().isEmpty() || !spec.ipAddresses().isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(spec));
            }
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    ids.createSubjectKeyIdentifier(subjectKeys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false, ids.createAuthorityKeyIdentifier(issuerKey));
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot encode a certificate extension", e);
        }
        return CertificateSigning.sign(builder, signerKey);
    }

    private static ExtendedKeyUsage extendedKeyUsage(LeafSpec spec) {
        // Declaration order of the enum, so that equal specs give byte-identical extensions.
        KeyPurposeId[] purposes = spec.extendedUsages().stream()
                .sorted()
                .map(ExtendedUsage::purpose)
                .toArray(KeyPurposeId[]::new);
        return new ExtendedKeyUsage(purposes);
    }

    private static GeneralNames alternativeNames(LeafSpec spec) {
        List<GeneralName> names = new ArrayList<>();
        for (String dns : spec.dnsNames()) {
            names.add(new GeneralName(GeneralName.dNSName, dns));
        }
        for (String ip : spec.ipAddresses()) {
            byte[] address = IpLiterals.parse(ip).orElseThrow();
            names.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(address)));
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }
}
