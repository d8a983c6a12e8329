package org.smtpguard.policy.tlsrpt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.smtpguard.policy.mtasts.StsPolicyParser;

/**
 * The report JSON against golden files under {@code tlsrpt/}, shaped like RFC 8460 §4.4 and its
 * example in Appendix B.
 */
class TlsRptJsonGoldenTest {

    private static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");
    private static final TlsRptJson.Reporter REPORTER = new TlsRptJson.Reporter("smtpguard at relay.example.net",
            "postmaster@example.net", "5065427c-23d3-47ca-b6e0-946ea0e8c4be");

    @Test
    void anStsPolicyWithSuccessesAndFailures() throws IOException {
        TlsRptAggregate aggregate = new TlsRptAggregate();
        TlsRptPolicy sts = TlsRptPolicy.sts("company-y.example", StsPolicyParser.parse(
                "version: STSv1\r\nmode: testing\r\nmx: *.mail.company-y.example\r\nmax_age: 86400\r\n"));
        for (int i = 0; i < 3; i++) {
            aggregate.success(AT, sts);
        }
        TlsRptFailure expired = TlsRptFailure.of(TlsRptResultType.CERTIFICATE_EXPIRED, "2001:db8:abcd:12::1",
                "mx1.mail.company-y.example", "203.0.113.56");
        aggregate.failure(AT, sts, expired);
        aggregate.failure(AT, sts, expired);
        aggregate.failure(AT, sts, TlsRptFailure.of(TlsRptResultType.STARTTLS_NOT_SUPPORTED, "2001:db8:abcd:13::1",
                "mx2.mail.company-y.example", "203.0.113.57").withAdditionalInformation("upstream said \"no\"\t"));

        assertThat(TlsRptJson.render(aggregate.takeAll().get(0), REPORTER)).isEqualTo(golden("sts-report.json"));
    }

    @Test
    void noPolicyFoundWithOnlySuccesses() throws IOException {
        TlsRptAggregate aggregate = new TlsRptAggregate();
        aggregate.success(AT, TlsRptPolicy.noPolicyFound("example.org"));

        assertThat(TlsRptJson.render(aggregate.takeAll().get(0), REPORTER)).isEqualTo(golden("no-policy-report.json"));
    }

    @Test
    void stringsEscapeQuotesBackslashesAndControlCharacters() {
        StringBuilder out = TlsRptJson.string(new StringBuilder(), "a\"b\\c\u0001\u007f\ud800é");
        assertThat(out.toString()).isEqualTo("\"a\\\"b\\\\c\\u0001\\u007f\\ud800é\"");
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = TlsRptJsonGoldenTest.class.getResourceAsStream("/tlsrpt/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
