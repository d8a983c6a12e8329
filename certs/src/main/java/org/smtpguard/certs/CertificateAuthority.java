package org.smtpguard.certs;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * A private certificate authority made at run time (EC P-256), for the client-side certificate
 * of a demo or a test and for the certificates of in-test upstreams. It can issue leaf
 * certificates and subordinate (intermediate) authorities.
 */
public final class CertificateAuthority {

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    /** This authority's certificate, then its issuers up to but not including a self-signed root. */
    private final List<X509Certificate> chain;

    private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.chain = List.copyOf(chain);
    }

    /**
     * A new self-signed root: basicConstraints CA:true (critical), keyUsage keyCertSign and cRLSign
     * (critical), a subject key identifier, signed with SHA256withECDSA.
     */
    public static CertificateAuthority generate(String commonName, Instant notBefore, Instant notAfter) {
        return generate(commonName, notBefore, notAfter, KeyKind.EC_P256);
    }

    /** A new self-signed root as {@link #generate(String, Instant, Instant)}, with a key of {@code kind}. */
    public static CertificateAuthority generate(String commonName, Instant notBefore, Instant notAfter, KeyKind kind) {
        KeyPair keys = KeyPairs.generate(kind);
        X500Name subject = CertificateSigning.subject(commonName);
        X509Certificate certificate = caCertificate(subject, keys.getPublic(), notBefore, notAfter,
                subject, keys.getPublic(), keys.getPrivate());
        return new CertificateAuthority(certificate, keys.getPrivate(), List.of());
    }

    /** A subordinate authority signed by this one; its leaves' chains include it and this one's issuers. */
    public CertificateAuthority intermediate(String commonName, Instant notBefore, Instant notAfter) {
        KeyPair keys = KeyPairs.generate(KeyKind.EC_P256);
        X509Certificate issued = caCertificate(CertificateSigning.subject(commonName), keys.getPublic(),
                notBefore, notAfter, issuerName(), certificate.getPublicKey(), privateKey);
        List<X509Certificate> issuedChain = new ArrayList<>();
        issuedChain.add(issued);
        issuedChain.addAll(chain);
        return new CertificateAuthority(issued, keys.getPrivate(), issuedChain);
    }

    /** A leaf certificate with a fresh key pair of the spec's kind, signed by this authority. */
    public IssuedCertificate issue(LeafSpec spec) {
        Objects.requireNonNull(spec, "spec");
        KeyPair keys = KeyPairs.generate(spec.keyKind());
        X509Certificate leaf = LeafCertificates.create(spec, keys, issuerName(), certificate.getPublicKey(), privateKey);
        List<X509Certificate> leafChain = new ArrayList<>();
        leafChain.add(leaf);
        leafChain.addAll(chain);
        return new IssuedCertificate(leaf, keys.getPrivate(), leafChain);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** This authority's certificate and its issuers, without the self-signed root (empty for a root). */
    public List<X509Certificate> chain() {
        return chain;
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + certificate.getSubjectX500Principal().getName() + "]";
    }

    private X500Name issuerName() {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    private static X509Certificate caCertificate(X500Name subject, PublicKey subjectKey, Instant notBefore,
            Instant notAfter, X500Name issuer, PublicKey issuerKey, PrivateKey signerKey) {
        Objects.requireNonNull(notBefore, "notBefore");
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " must be after notBefore " + notBefore);
        }
        JcaX509v3CertificateBuilder builder = CertificateSigning.builder(issuer, subject, notBefore, notAfter,
                subjectKey);
        JcaX509ExtensionUtils ids = CertificateSigning.extensionUtils();
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(subjectKey));
            if (!subjectKey.equals(issuerKey)) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        ids.createAuthorityKeyIdentifier(issuerKey));
            }
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot encode a certificate extension", e);
        }
        return CertificateSigning.sign(builder, signerKey);
    }
}
