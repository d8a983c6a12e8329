package org.smtpguard.proxy.upstream;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.smtpguard.certs.SpkiPins;
import org.smtpguard.certs.VerificationResult;
import org.smtpguard.policy.tls.TlsRequirement;

/**
 * Holds an upstream's chain to one {@link PlannedTls}: PKIX and one of several names, the DANE
 * TLSA records, or the pins. A refused plan never reaches a handshake.
 */
final class PlannedTrustManager extends EngineOnlyTrustManager {

    private final PlannedTls planned;
    private final Clock clock;

    PlannedTrustManager(PlannedTls planned, List<X509Certificate> anchors, Clock clock) {
        super(anchors);
        this.planned = planned;
        this.clock = clock;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        List<X509Certificate> presented = chain == null ? List.of() : Arrays.asList(chain);
        VerificationResult result = PlanVerifier.verify(planned, presented, anchors(), clock.instant());
        if (!result.verified()) {
            List<String> presentedPins = planned.plan().requirement() instanceof TlsRequirement.Pins && !presented.isEmpty()
                    && presented.get(0) != null ? List.of(SpkiPins.pinOf(presented.get(0))) : List.of();
            throw new CertificateRejectedException(result, presentedPins);
        }
    }
}
