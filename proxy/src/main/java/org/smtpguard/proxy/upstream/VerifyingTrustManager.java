package org.smtpguard.proxy.upstream;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.smtpguard.certs.ChainVerifier;
import org.smtpguard.certs.SpkiPins;
import org.smtpguard.certs.TrustAnchors;
import org.smtpguard.certs.VerificationResult;
import org.smtpguard.certs.VerificationOutcome;
import org.smtpguard.proxy.config.UpstreamTrust;
import org.smtpguard.proxy.config.UpstreamVerification;

/**
 * Verifies an upstream's certificate chain against the configured trust anchors and its host name
 * against the name the connection was opened for (the SSLEngine's peer host, which is the configured
 * {@code upstream.tls.name}). Endpoint identification is done here, explicitly and always: it does
 * not depend on a provider default. With {@code upstream.tls.verify=pin} the leaf's public key must
 * be pinned instead; with {@code ca+pin} both must hold.
 */
final class VerifyingTrustManager extends EngineOnlyTrustManager {

    private final UpstreamVerification verification;
    private final SpkiPins pins;
    private final Clock clock;

    VerifyingTrustManager(List<X509Certificate> anchors, UpstreamTrust trust, Clock clock) {
        super(anchors);
        this.verification = trust.verification();
        this.pins = trust.spkiPins();
        this.clock = clock;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        verify(chain, engine == null ? null : engine.getPeerHost());
    }

    private void verify(X509Certificate[] chain, String expectedName) throws CertificateException {
        List<X509Certificate> presented = chain == null ? List.of() : Arrays.asList(chain);
        if (verification.checksChain()) {
            if (expectedName == null || expectedName.isEmpty()) {
                throw new CertificateRejectedException(new VerificationResult(VerificationOutcome.NAME_MISMATCH,
                        "no name to verify the upstream certificate against"), List.of());
            }
            VerificationResult result = ChainVerifier.verify(presented, expectedName, anchors(), clock.instant());
            if (!result.verified()) {
                throw new CertificateRejectedException(result, List.of());
            }
        }
        if (verification.checksPins()) {
            // Alone, a pin authenticates only the leaf; on a verified chain any of its keys may be pinned.
            List<X509Certificate> candidates = verification.checksChain() ? withAnchor(presented)
                    : presented.isEmpty() ? presented : presented.subList(0, 1);
            VerificationResult result = verification.checksChain()
                    ? pins.verifyAnyInChain(candidates) : pins.verifyLeaf(presented);
            if (!result.verified()) {
                throw new CertificateRejectedException(result,
                        candidates.stream().filter(java.util.Objects::nonNull).map(SpkiPins::pinOf).toList());
            }
        }
    }

    /** The verified chain and the anchor above it (OkHttp pins the cleaned chain, root included). */
    private List<X509Certificate> withAnchor(List<X509Certificate> verified) {
        X509Certificate top = verified.get(verified.size() - 1);
        if (anchors().contains(top)) {
            return verified;
        }
        List<X509Certificate> path = new java.util.ArrayList<>(verified);
        TrustAnchors.issuerOf(top, anchors()).ifPresent(path::add);
        return path;
    }
}
