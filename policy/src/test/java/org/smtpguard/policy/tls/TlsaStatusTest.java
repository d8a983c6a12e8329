package org.smtpguard.policy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 7672 §2.2.2: DANE applies only to hosts whose address records are DNSSEC-validated. Pure. */
class TlsaStatusTest {

    @ParameterizedTest(name = "{0}, addresses insecure={1} -> {2}")
    @CsvSource({
        "FAILED,        true,  INSECURE",
        "FAILED,        false, FAILED",
        "USABLE,        true,  INSECURE",
        "USABLE,        false, USABLE",
        "BOGUS,         true,  INSECURE",
        "BOGUS,         false, BOGUS",
        "NONE,          false, NONE",
        "NOT_LOOKED_UP, true,  NOT_LOOKED_UP",
    })
    void aHostInAnUnsignedZoneHasNoDaneWhateverItsTlsaLookUpGave(TlsaStatus tlsa, boolean addressesInsecure,
            TlsaStatus expected) {
        assertThat(tlsa.forAddresses(addressesInsecure)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"DANE", "DANE_ONLY"})
    void aFailedTlsaLookUpDefersOnlyForASignedHost(UpstreamTlsLevel level) {
        TlsFacts unsigned = new TlsFacts(level, "mx.example.org", "example.org", false, java.util.List.of(),
                TlsaStatus.FAILED.forAddresses(true), MtaStsStatus.NONE);
        TlsFacts signed = new TlsFacts(level, "mx.example.org", "example.org", true, java.util.List.of(),
                TlsaStatus.FAILED.forAddresses(false), MtaStsStatus.NONE);

        assertThat(TlsLevelPolicy.plan(signed).refused()).isTrue();
        if (level == UpstreamTlsLevel.DANE) {
            assertThat(TlsLevelPolicy.plan(unsigned).applied()).isEqualTo(AppliedTls.VERIFY);
        } else {
            assertThat(TlsLevelPolicy.plan(unsigned).requirement())
                    .isEqualTo(new TlsRequirement.Refused(org.smtpguard.policy.decision.RefusalReason.DANE_REQUIRED));
        }
    }
}
