package org.smtpguard.certs;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Where the certificates that {@link ChainVerifier} trusts come from. */
public final class TrustAnchors {

    private TrustAnchors() {
    }

    /**
     * The certificates of a PEM bundle (e.g. a private CA, or {@code /etc/ssl/certs/ca-certificates.crt}).
     *
     * @throws CertificateFileException if the file is missing, unreadable or holds no certificate
     */
    public static List<X509Certificate> fromPem(Path file) {
        return PemFiles.readCertificates(file);
    }

    /**
     * The anchor that signed {@code certificate} (same name as its issuer, and its key verifies the
     * signature), if any: the top of a verified path, which a peer usually does not send.
     */
    public static Optional<X509Certificate> issuerOf(X509Certificate certificate, List<X509Certificate> anchors) {
        for (X509Certificate anchor : anchors) {
            if (anchor.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                try {
                    certificate.verify(anchor.getPublicKey());
                    return Optional.of(anchor);
                } catch (GeneralSecurityException | RuntimeException e) {
                    // same name, other key: not this one
                }
            }
        }
        return Optional.empty();
    }

    /** The JDK's default trust store (its {@code cacerts}, or what {@code javax.net.ssl.trustStore} names). */
    public static List<X509Certificate> jdkDefault() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return List.of(x509.getAcceptedIssuers());
                }
            }
            throw new IllegalStateException("the JDK's default trust manager is not an X509TrustManager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the JDK's default trust store", e);
        }
    }
}
