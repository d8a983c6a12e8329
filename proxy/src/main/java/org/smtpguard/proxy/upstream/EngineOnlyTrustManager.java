package org.smtpguard.proxy.upstream;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * What smtpguard's upstream trust managers share: they judge a server chain only through the
 * SSLEngine of a connection smtpguard opened ({@link #checkServerTrusted(X509Certificate[], String,
 * SSLEngine)}, left to each), refuse every other way of asking, and never accept a client certificate.
 */
abstract class EngineOnlyTrustManager extends X509ExtendedTrustManager {

    private final List<X509Certificate> anchors;

    EngineOnlyTrustManager(List<X509Certificate> anchors) {
        this.anchors = List.copyOf(anchors);
    }

    /** The trust anchors, as given. */
    final List<X509Certificate> anchors() {
        return anchors;
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("smtpguard verifies upstreams only through its SSLEngine");
    }

    @Override
    public final void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("smtpguard verifies upstreams only through its SSLEngine");
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("not a client certificate verifier");
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("not a client certificate verifier");
    }

    @Override
    public final void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("not a client certificate verifier");
    }

    @Override
    public final X509Certificate[] getAcceptedIssuers() {
        return anchors.toArray(new X509Certificate[0]);
    }
}
