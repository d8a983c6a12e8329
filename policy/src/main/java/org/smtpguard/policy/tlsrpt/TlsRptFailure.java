package org.smtpguard.policy.tlsrpt;

import java.util.Objects;
import java.util.Optional;

/**
 * One kind of failed session (RFC 8460 §4.4 {@code failure-details}): sessions that failed the same
 * way between the same hosts are counted together. The optional fields are left out of the report
 * when empty. Host names and addresses come from DNS and the sockets, never from a client's input.
 */
public record TlsRptFailure(TlsRptResultType resultType, Optional<String> sendingMtaIp,
        Optional<String> receivingMxHostname, Optional<String> receivingIp,
        Optional<String> additionalInformation) {

    public TlsRptFailure {
        Objects.requireNonNull(resultType, "resultType");
        Objects.requireNonNull(sendingMtaIp, "sendingMtaIp");
        Objects.requireNonNull(receivingMxHostname, "receivingMxHostname");
        Objects.requireNonNull(receivingIp, "receivingIp");
        Objects.requireNonNull(additionalInformation, "additionalInformation");
    }

    /** A failure known only by its type (e.g. the policy file could not be fetched). */
    public static TlsRptFailure of(TlsRptResultType resultType) {
        return new TlsRptFailure(resultType, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A failure of a session between {@code sendingMtaIp} and the MX {@code receivingMx} at {@code receivingIp}. */
    public static TlsRptFailure of(TlsRptResultType resultType, String sendingMtaIp, String receivingMx,
            String receivingIp) {
        return new TlsRptFailure(resultType, Optional.of(sendingMtaIp), Optional.of(receivingMx),
                Optional.of(receivingIp), Optional.empty());
    }

    public TlsRptFailure withAdditionalInformation(String text) {
        return new TlsRptFailure(resultType, sendingMtaIp, receivingMxHostname, receivingIp, Optional.of(text));
    }
}
