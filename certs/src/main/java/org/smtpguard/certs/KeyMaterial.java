package org.smtpguard.certs;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A private key and the certificate chain it goes with (leaf first), as read from files: a PEM
 * chain with its key in another PEM file or in the same one, or a PKCS#12 keystore. A function of
 * the files only, so that a reloader can call {@link #load} again when they change.
 */
public record KeyMaterial(PrivateKey key, List<X509Certificate> chain) {

    public KeyMaterial {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a key needs at least one certificate");
        }
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /**
     * Reads the material. {@code certFile} is either a PKCS#12 file (then {@code keyFile} is not
     * used) or PEM certificates, leaf first; the key is in {@code keyFile} or, when that is empty or
     * the same file, among the certificates. Encrypted keys and PKCS#12 files need {@code password}.
     * Checks that the key belongs to the first certificate.
     *
     * @throws CertificateFileException with one line naming the file and the problem
     */
    public static KeyMaterial load(Path certFile, Optional<Path> keyFile, Optional<KeyPassword> password) {
        KeyMaterial material;
        Path keySource = keyFile.orElse(certFile);
        if (Pkcs12Files.isPkcs12(certFile)) {
            material = Pkcs12Files.read(certFile, password);
            keySource = certFile;
        } else {
            List<X509Certificate> chain = PemFiles.readCertificates(certFile);
            material = new KeyMaterial(PemFiles.readPrivateKey(keySource, password), chain);
        }
        if (!KeyMatch.matches(material.key(), material.leaf())) {
            throw new CertificateFileException(keySource, "the private key does not match the certificate "
                    + OneLine.peerText(material.leaf().getSubjectX500Principal().getName()) + " in " + certFile
                    + " (a renewed certificate next to the old key?)");
        }
        return material;
    }

    /** Names the certificate only: the private key never appears in a log line. */
    @Override
    public String toString() {
        return "KeyMaterial[" + leaf().getSubjectX500Principal().getName() + ", chain of " + chain.size() + "]";
    }
}
