package org.smtpguard.certs;

import java.util.Objects;

/**
 * The outcome of verifying a presented chain, with one short line an operator can read
 * ({@code certificate expired at 2020-01-02T00:00:00Z}); any text from the peer in it is cut
 * to 100 characters.
 */
public record VerificationResult(VerificationOutcome outcome, String detail) {

    public VerificationResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }

    public boolean verified() {
        return outcome == VerificationOutcome.VERIFIED;
    }

    @Override
    public String toString() {
        return outcome + ": " + detail;
    }
}
