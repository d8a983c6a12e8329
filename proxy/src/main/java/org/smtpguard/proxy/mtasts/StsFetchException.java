package org.smtpguard.proxy.mtasts;

import java.util.Objects;
import org.smtpguard.policy.tlsrpt.TlsRptResultType;

/**
 * Why a policy file could not be had, as TLS-RPT counts it: {@code sts-webpki-invalid} (the HTTPS
 * certificate did not verify), {@code sts-policy-invalid} (the file is not a valid policy) or
 * {@code sts-policy-fetch-error} (anything else: unreachable, timeout, status, media type, size).
 * The message is written by smtpguard and safe to log.
 */
public final class StsFetchException extends Exception {

    private final TlsRptResultType resultType;

    public StsFetchException(TlsRptResultType resultType, String message, Throwable cause) {
        super(message, cause);
        this.resultType = Objects.requireNonNull(resultType, "resultType");
    }

    public StsFetchException(TlsRptResultType resultType, String message) {
        this(resultType, message, null);
    }

    public TlsRptResultType resultType() {
        return resultType;
    }
}
