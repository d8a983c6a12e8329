package org.smtpguard.proxy.peers;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.smtpguard.certs.CertificateAuthority;
import org.smtpguard.certs.IssuedCertificate;
import org.smtpguard.certs.LeafSpec;
import org.smtpguard.certs.PemFiles;
import org.smtpguard.proxy.config.ClientTlsFiles;

/**
 * Two private CAs for a relay test, so that each side trusts only what it should:
 * <ul>
 *   <li>the <b>upstream CA</b> issued the upstream's certificate for {@value #UPSTREAM_NAME} (no IP
 *       address in it: smtpguard must verify the name it was configured with);</li>
 *   <li>the <b>client-side CA</b> issued the certificate smtpguard shows its clients
 *       ({@value #PROXY_NAME} and 127.0.0.1); the test clients trust only this CA, so a proxy that
 *       let the upstream's TLS through instead of terminating it would fail the handshake.</li>
 * </ul>
 */
final class PeerPki {

    static final String UPSTREAM_NAME = "mail.test";
    static final String PROXY_NAME = "smtpguard.test";
    private static final char[] NO_PASSWORD = "changeit".toCharArray();

    private final CertificateAuthority upstreamCa;
    private final CertificateAuthority clientCa;
    private final IssuedCertificate upstreamCertificate;
    private final IssuedCertificate proxyCertificate;

    private PeerPki(Instant now) {
        upstreamCa = CertificateAuthority.generate("smtpguard test upstream CA", now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(2)));
        clientCa = CertificateAuthority.generate("smtpguard test client-side CA", now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(2)));
        upstreamCertificate = upstreamCa.issue(LeafSpec.forNames(now.minus(Duration.ofMinutes(5)), Duration.ofDays(1),
                UPSTREAM_NAME));
        proxyCertificate = clientCa.issue(LeafSpec.forNames(now.minus(Duration.ofMinutes(5)), Duration.ofDays(1),
                PROXY_NAME, "127.0.0.1"));
    }

    static PeerPki generate() {
        return new PeerPki(Instant.now());
    }

    /** Writes the upstream CA as PEM: what smtpguard's {@code upstream.tls.ca} points at. */
    Path writeUpstreamCa(Path dir) {
        Path file = dir.resolve("upstream-ca.pem");
        PemFiles.writeCertificates(file, List.of(upstreamCa.certificate()));
        return file;
    }

    /** Writes smtpguard's client-side certificate and key: what {@code client.tls} points at. */
    ClientTlsFiles writeProxyCertificate(Path dir) {
        Path cert = dir.resolve("proxy.crt");
        Path key = dir.resolve("proxy.key");
        proxyCertificate.writePem(cert, key);
        return new ClientTlsFiles(cert, key);
    }

    /** The upstream's server context: its {@value #UPSTREAM_NAME} certificate, no client certificates. */
    SSLContext upstreamServerContext() {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("upstream", upstreamCertificate.privateKey(), NO_PASSWORD,
                    upstreamCertificate.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, NO_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the upstream's TLS context", e);
        }
    }

    /** A client context that trusts only the client-side CA (the one that issued smtpguard's certificate). */
    SSLContext clientTrustingProxy() {
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            anchors.setCertificateEntry("client-side-ca", clientCa.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the client's TLS context", e);
        }
    }
}
