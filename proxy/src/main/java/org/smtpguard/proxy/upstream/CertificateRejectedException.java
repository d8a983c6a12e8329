package org.smtpguard.proxy.upstream;

import java.security.cert.CertificateException;
import java.util.List;
import org.smtpguard.certs.VerificationResult;

/**
 * Thrown from the TLS handshake when the upstream's certificate is not verified; carries why, and
 * for a pin mismatch the pins the upstream presented (computed by smtpguard, safe to log whole).
 */
final class CertificateRejectedException extends CertificateException {

    private final transient VerificationResult result;
    private final List<String> presentedPins;

    CertificateRejectedException(VerificationResult result, List<String> presentedPins) {
        super(result.outcome() + ": " + result.detail());
        this.result = result;
        this.presentedPins = List.copyOf(presentedPins);
    }

    VerificationResult result() {
        return result;
    }

    /** The pins that could have matched, in chain order: empty unless pins were checked. */
    List<String> presentedPins() {
        return presentedPins;
    }
}
