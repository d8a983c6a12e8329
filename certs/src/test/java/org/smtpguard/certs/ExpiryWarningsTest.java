package org.smtpguard.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpiryWarningsTest {

    private static final X509Certificate CERTIFICATE = IssuedCertificate.selfSigned(
            LeafSpec.forNames(TestPki.NOW, Duration.ofDays(100), "smtp.test")).certificate();
    private static final Instant NOT_AFTER = CERTIFICATE.getNotAfter().toInstant();

    @ParameterizedTest(name = "{0} hours before expiry: stage {1}")
    @CsvSource(nullValues = "-", value = {
        "2400, -", "721, -", "720, 30", "337, 30", "336, 14", "169, 14", "168, 7", "1, 7", "0, 0", "-5, 0"})
    void warnsAt30And14And7DaysAndOnceExpired(long hoursBefore, Integer stage) {
        assertThat(ExpiryWarnings.stage(CERTIFICATE, NOT_AFTER.minus(Duration.ofHours(hoursBefore))))
                .isEqualTo(Optional.ofNullable(stage));
    }
}
