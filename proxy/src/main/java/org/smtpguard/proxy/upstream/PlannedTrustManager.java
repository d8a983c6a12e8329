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
import org.smtpguard.certs.DaneVerifier;
import org.smtpguard.certs.SpkiPins;
import org.smtpguard.certs.VerificationOutcome;
import org.smtpguard.certs.VerificationResult;
import org.smtpguard.policy.tls.TlsRequirement;

/**
 * Holds an upstream's chain to one {@link PlannedTls}: PKIX and one of several names, the DANE
 * TLSA records, or the pins. Like {@link VerifyingTrustManager}, it only ever accepts through its
 * SSLEngine and never accepts client certificates. A refused plan never reaches a handshake.
 */
final class PlannedTrustManager extends X509ExtendedTrustManager {

    private final PlannedTls planned;
    private final List<X509Certificate> anchors;
    private final Clock clock;

    PlannedTrustManager(PlannedTls planned, List<X509Certificate> anchors, Clock clock) {
        this.planned = planned;
        this.anchors = List.copyOf(anchors);
        this.clock = clock;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        List<X509Certificate> presented = chain == null ? List.of() : Arrays.asList(chain);
        VerificationResult result = verify(presented);
        if (!result.verified()) {
            List<String> presentedPins = planned.plan().requirement() instanceof TlsRequirement.Pins && !presented.isEmpty()
                    && presented.get(0) != null ? List.of(SpkiPins.pinOf(presented.get(0))) : List.of();
            throw new CertificateRejectedException(result, presentedPins);
        }
    }

    private VerificationResult verify(List<X509Certificate> chain) {
        TlsRequirement requirement = planned.plan().requirement();
        if (requirement instanceof TlsRequirement.Dane dane) {
            return DaneVerifier.verify(chain, planned.tlsa(), dane.names(), clock.instant());
        }
        if (requirement instanceof TlsRequirement.Pins) {
            return SpkiPins.of(planned.pins()).verifyLeaf(chain);
        }
        if (requirement instanceof TlsRequirement.Pkix pkix) {
            VerificationResult last = null;
            for (String name : pkix.names().stream().sorted().toList()) {
                last = ChainVerifier.verify(chain, name, anchors, clock.instant());
                if (last.verified() || last.outcome() != VerificationOutcome.NAME_MISMATCH) {
                    return last;
                }
            }
            return new VerificationResult(VerificationOutcome.NAME_MISMATCH,
                    last.detail().replaceFirst(" does not match name .*$", "") + " matches none of "
                            + pkix.names().stream().sorted().toList());
        }
        return new VerificationResult(VerificationOutcome.UNTRUSTED, "the TLS policy refused this upstream");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("smtpguard verifies upstreams only through its SSLEngine");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("smtpguard verifies upstreams only through its SSLEngine");
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
