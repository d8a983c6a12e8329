package org.smtpguard.proxy.upstream;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.smtpguard.certs.ChainVerifier;
import org.smtpguard.certs.DaneVerifier;
import org.smtpguard.certs.SpkiPins;
import org.smtpguard.certs.VerificationOutcome;
import org.smtpguard.certs.VerificationResult;
import org.smtpguard.policy.tls.TlsRequirement;

/**
 * Judges a presented chain by a {@link PlannedTls}: PKIX and one of several names, the DANE TLSA
 * records, or the pins. Used by the handshake ({@link PlannedTrustManager}) and by
 * {@code smtpguard check}, so both say the same.
 */
public final class PlanVerifier {

    private PlanVerifier() {
    }

    public static VerificationResult verify(PlannedTls planned, List<X509Certificate> chain,
            List<X509Certificate> anchors, Instant now) {
        TlsRequirement requirement = planned.plan().requirement();
        if (requirement instanceof TlsRequirement.Dane dane) {
            return DaneVerifier.verify(chain, planned.tlsa(), dane.names(), now);
        }
        if (requirement instanceof TlsRequirement.Pins) {
            return planned.pins().isEmpty()
                    ? new VerificationResult(VerificationOutcome.PIN_MISMATCH, "no pins configured")
                    : SpkiPins.of(planned.pins()).verifyLeaf(chain);
        }
        if (requirement instanceof TlsRequirement.Pkix pkix) {
            VerificationResult last = null;
            for (String name : pkix.names().stream().sorted().toList()) {
                last = ChainVerifier.verify(chain, name, anchors, now);
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
}
