package org.smtpguard.certs;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When to warn that a certificate is about to expire: at 30, 14 and 7 days before its notAfter,
 * and once it has expired. Pure: the caller passes the time and remembers what it already said.
 */
public final class ExpiryWarnings {

    /** The days before expiry at which a warning is due, largest first. */
    public static final List<Integer> THRESHOLD_DAYS = List.of(30, 14, 7);

    /** The stage of an expired certificate. */
    public static final int EXPIRED = 0;

    private ExpiryWarnings() {
    }

    /**
     * The smallest threshold (30, 14 or 7) the certificate is within at {@code now}, {@link #EXPIRED}
     * once it has expired, or empty while more than 30 days are left.
     */
    public static Optional<Integer> stage(X509Certificate certificate, Instant now) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (!now.isBefore(notAfter)) {
            return Optional.of(EXPIRED);
        }
        Duration left = Duration.between(now, notAfter);
        Optional<Integer> stage = Optional.empty();
        for (int days : THRESHOLD_DAYS) {
            if (left.compareTo(Duration.ofDays(days)) <= 0) {
                stage = Optional.of(days);
            }
        }
        return stage;
    }

    /** Whole days left at {@code now} (0 on the last day, negative once expired). */
    public static long daysLeft(X509Certificate certificate, Instant now) {
        return Duration.between(now, certificate.getNotAfter().toInstant()).toDays();
    }
}
