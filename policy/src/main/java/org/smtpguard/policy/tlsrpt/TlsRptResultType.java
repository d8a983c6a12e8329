package org.smtpguard.policy.tlsrpt;

import java.util.Optional;
import org.smtpguard.policy.decision.RefusalReason;

/** The {@code result-type} of a failed session in a TLS-RPT report (RFC 8460 §4.3). */
public enum TlsRptResultType {
    // negotiation failures (§4.3.1)
    STARTTLS_NOT_SUPPORTED("starttls-not-supported"),
    CERTIFICATE_HOST_MISMATCH("certificate-host-mismatch"),
    CERTIFICATE_EXPIRED("certificate-expired"),
    CERTIFICATE_NOT_TRUSTED("certificate-not-trusted"),
    VALIDATION_FAILURE("validation-failure"),
    // DANE policy failures (§4.3.2.1)
    TLSA_INVALID("tlsa-invalid"),
    DNSSEC_INVALID("dnssec-invalid"),
    DANE_REQUIRED("dane-required"),
    // MTA-STS policy failures (§4.3.2.2)
    STS_POLICY_FETCH_ERROR("sts-policy-fetch-error"),
    STS_POLICY_INVALID("sts-policy-invalid"),
    STS_WEBPKI_INVALID("sts-webpki-invalid");

    private final String name;

    TlsRptResultType(String name) {
        this.name = name;
    }

    /** The name in the report, e.g. {@code certificate-expired}. */
    public String reportName() {
        return name;
    }

    /**
     * The result type of an upstream refusal that is a TLS failure; empty for failures that are not
     * about TLS (connection refused, timeouts, the upstream's own 4xx), which TLS-RPT does not count.
     */
    public static Optional<TlsRptResultType> forRefusal(RefusalReason reason) {
        return Optional.ofNullable(switch (reason) {
            case STARTTLS_MISSING, STARTTLS_REJECTED -> STARTTLS_NOT_SUPPORTED;
            case CERT_NAME_MISMATCH -> CERTIFICATE_HOST_MISMATCH;
            case CERT_EXPIRED -> CERTIFICATE_EXPIRED;
            case CERT_UNTRUSTED -> CERTIFICATE_NOT_TRUSTED;
            case CERT_TLSA_MISMATCH -> TLSA_INVALID;
            case DANE_REQUIRED -> DANE_REQUIRED;
            case DNSSEC_BOGUS -> DNSSEC_INVALID;
            case HANDSHAKE_FAILED, BYTES_AFTER_STARTTLS, CERT_PIN_MISMATCH, MTA_STS_MX_NOT_LISTED -> VALIDATION_FAILURE;
            default -> null;
        });
    }
}
