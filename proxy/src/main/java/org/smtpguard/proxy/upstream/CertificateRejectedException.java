package org.smtpguard.proxy.upstream;

import java.security.cert.CertificateException;
import org.smtpguard.certs.VerificationResult;

/** Thrown from the TLS handshake when the upstream's certificate is not verified; carries why. */
final class CertificateRejectedException extends CertificateException {

    private final transient VerificationResult result;

    CertificateRejectedException(VerificationResult result) {
        super(result.outcome() + ": " + result.detail());
        this.result = result;
    }

    VerificationResult result() {
        return result;
    }
}
