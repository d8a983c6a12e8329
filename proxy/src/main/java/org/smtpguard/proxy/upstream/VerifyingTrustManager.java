package org.smtpguard.proxy.upstream;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.smtpguard.certs.ChainVerifier;
import org.smtpguard.certs.VerificationResult;
import org.smtpguard.certs.VerificationOutcome;

/**
 * Verifies an upstream's certificate chain against the configured trust anchors and its host name
 * against the name the connection was opened for (the SSLEngine's peer host, which is the configured
 * {@code upstream.tls.name}). Endpoint identification is done here, explicitly and always: it does
 * not depend on a provider default. Client certificates are never accepted through this manager.
 */
final class VerifyingTrustManager extends X509ExtendedTrustManager {

    private final List<X509Certificate> anchors;
    private final Clock clock;

    VerifyingTrustManager(List<X509Certificate> anchors, Clock clock) {
        this.anchors = List.copyOf(anchors);
        this.clock = clock;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        verify(chain, engine == null ? null : engine.getPeerHost());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("smtpguard verifies upstreams only through its SSLEngine");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("smtpguard verifies upstreams only with a known host name");
    }

    private void verify(X509Certificate[] chain, String expectedName) throws CertificateException {
        if (expectedName == null || expectedName.isEmpty()) {
            throw new CertificateRejectedException(new VerificationResult(VerificationOutcome.NAME_MISMATCH,
                    "no name to verify the upstream certificate against"));
        }
        VerificationResult result = ChainVerifier.verify(
                chain == null ? List.of() : Arrays.asList(chain), expectedName, anchors, clock.instant());
        if (!result.verified()) {
            throw new CertificateRejectedException(result);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("not a client certificate verifier");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("not a client certificate verifier");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("not a client certificate verifier");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return anchors.toArray(new X509Certificate[0]);
    }
}
