package org.smtpguard.policy.tlsrpt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.smtpguard.policy.decision.RefusalReason;

class TlsRptResultTypeTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource({
        "STARTTLS_MISSING,      starttls-not-supported",
        "STARTTLS_REJECTED,     starttls-not-supported",
        "CERT_NAME_MISMATCH,    certificate-host-mismatch",
        "CERT_EXPIRED,          certificate-expired",
        "CERT_UNTRUSTED,        certificate-not-trusted",
        "HANDSHAKE_FAILED,      validation-failure",
        "MTA_STS_MX_NOT_LISTED, validation-failure",
        "CERT_PIN_MISMATCH,     validation-failure",
        "CERT_TLSA_MISMATCH,    tlsa-invalid",
        "DANE_REQUIRED,         dane-required",
        "DNSSEC_BOGUS,          dnssec-invalid",
        "DNS_FAILED,            -",
        "CONNECT_FAILED,        -",
        "TIMEOUT,               -",
        "UPSTREAM_REJECTED,     -",
    })
    void tlsFailuresHaveAResultTypeOtherFailuresNone(RefusalReason reason, String expected) {
        assertThat(TlsRptResultType.forRefusal(reason).map(TlsRptResultType::reportName).orElse("-"))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(TlsRptResultType.class)
    void reportNamesAreTheRfcsLowerCaseWords(TlsRptResultType type) {
        assertThat(type.reportName()).matches("[a-z]+(-[a-z]+)+")
                .isEqualTo(type.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        assertThat(TlsRptResultType.forRefusal(RefusalReason.COMMAND_BLOCKED)).isEqualTo(Optional.empty());
    }
}
