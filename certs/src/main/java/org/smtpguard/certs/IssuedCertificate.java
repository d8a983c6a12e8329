package org.smtpguard.certs;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * A leaf certificate, its private key and the chain to present in a TLS handshake: the leaf
 * first, then its issuers, without the self-signed root (a self-signed leaf's chain is just
 * the leaf).
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {

    public IssuedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty() || !chain.get(0).equals(certificate)) {
            throw new IllegalArgumentException("the chain must start with the leaf certificate");
        }
    }

    /**
     * A self-signed leaf certificate (not a CA) for the spec: for tests, and for the client leg
     * when no certificate is configured.
     */
    public static IssuedCertificate selfSigned(LeafSpec spec) {
        Objects.requireNonNull(spec, "spec");
        KeyPair keys = KeyPairs.generate(spec.keyKind());
        X500Name subject = CertificateSigning.subject(spec.commonName());
        X509Certificate leaf = LeafCertificates.create(spec, keys, subject, keys.getPublic(), keys.getPrivate());
        return new IssuedCertificate(leaf, keys.getPrivate(), List.of(leaf));
    }

    /**
     * Writes the chain as PEM certificates to {@code certFile} and the key as unencrypted PKCS#8
     * PEM to {@code keyFile}; the key file is created with mode 0600 where the file system has
     * POSIX permissions, before the key is written into it.
     *
     * @throws CertificateFileException if a file cannot be written
     */
    public void writePem(Path certFile, Path keyFile) {
        PemFiles.writePrivateKey(keyFile, privateKey);
        PemFiles.writeCertificates(certFile, chain);
    }

    /** Names the certificate only: the private key never appears in a log line. */
    @Override
    public String toString() {
        return "IssuedCertificate[" + certificate.getSubjectX500Principal().getName()
                + ", chain of " + chain.size() + ", " + privateKey.getAlgorithm() + " private key]";
    }
}
