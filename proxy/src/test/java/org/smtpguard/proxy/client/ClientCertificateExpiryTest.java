package org.smtpguard.proxy.client;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.smtpguard.certs.IssuedCertificate;
import org.smtpguard.certs.LeafSpec;

/** The expiry warnings of the client-side certificates, checked at start and then periodically. */
class ClientCertificateExpiryTest {

    private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger tls = (Logger) LoggerFactory.getLogger("smtpguard.tls");
    private final MutableClock clock = new MutableClock();
    private final ClientCertificateExpiry expiry = new ClientCertificateExpiry(List.of(
            new ClientCertificateExpiry.Watched("main.pem", certificate("smtp.example.com", 60)),
            new ClientCertificateExpiry.Watched("sni.pem", certificate("mail.example.net", 20))), clock);

    @BeforeEach
    void capture() {
        log.start();
        tls.addAppender(log);
    }

    @AfterEach
    void release() {
        tls.detachAppender(log);
    }

    @Test
    void eachCertificateIsWarnedAboutOnceAtEachThresholdAndEveryCheckOnceExpired() {
        assertThat(checkAt(ISSUED)).as("20 days left is within 30").singleElement().asString()
                .contains("WARN client-side certificate expires soon file=sni.pem", "CN=mail.example.net",
                        "days_left=20", "threshold_days=30");
        assertThat(checkAt(ISSUED.plus(Duration.ofDays(2)))).as("no repeat within a threshold").isEmpty();
        assertThat(checkAt(ISSUED.plus(Duration.ofDays(7)))).singleElement().asString().contains("threshold_days=14");
        assertThat(checkAt(ISSUED.plus(Duration.ofDays(14)))).singleElement().asString().contains("threshold_days=7");
        assertThat(checkAt(ISSUED.plus(Duration.ofDays(31)))).hasSize(2)
                .anySatisfy(l -> assertThat(l).contains("ERROR client-side certificate expired file=sni.pem"))
                .anySatisfy(l -> assertThat(l).contains("WARN", "file=main.pem", "threshold_days=30"));
        assertThat(checkAt(ISSUED.plus(Duration.ofDays(32)))).singleElement().asString().startsWith("ERROR");
    }

    private List<String> checkAt(Instant now) {
        clock.now = now;
        log.list.clear();
        int logged = expiry.check();
        List<String> lines = log.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
        assertThat(lines).hasSize(logged);
        return lines;
    }

    /** Valid from a second before {@link #ISSUED} for exactly {@code days} days from it. */
    private static X509Certificate certificate(String name, int days) {
        return IssuedCertificate.selfSigned(LeafSpec.forNames(ISSUED.minusSeconds(1),
                Duration.ofDays(days).plusSeconds(1), name)).certificate();
    }

    private static final class MutableClock extends Clock {
        private Instant now = ISSUED;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
