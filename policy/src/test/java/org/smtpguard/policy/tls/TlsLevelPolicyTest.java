package org.smtpguard.policy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smtpguard.policy.decision.RefusalReason;

/** The order of the levels as a table: facts in, applied check (or refusal) out. Pure. */
class TlsLevelPolicyTest {

    private static final String MX = "mx1.example.org";
    private static final String DOMAIN = "example.org";

    private static TlsFacts mxFacts(UpstreamTlsLevel level, boolean mxSecure, TlsaStatus tlsa, MtaStsStatus sts) {
        return new TlsFacts(level, MX, DOMAIN, mxSecure, List.of(), tlsa, sts);
    }

    @ParameterizedTest(name = "{0} tlsa={1} mta-sts={2} -> {3} {4}")
    @CsvSource(delimiter = '|', value = {
        // level    | TLSA          | MTA-STS          | applied | refusal
        "DANE       | USABLE        | NONE             | DANE    | -",
        "DANE       | USABLE        | ENFORCE_MISMATCH | DANE    | -",
        "DANE       | NONE          | ENFORCE_MATCH    | MTA_STS | -",
        "DANE       | INSECURE      | ENFORCE_MISMATCH | REFUSED | MTA_STS_MX_NOT_LISTED",
        "DANE       | UNUSABLE      | TESTING          | VERIFY  | -",
        "DANE       | NONE          | NONE             | VERIFY  | -",
        "DANE       | BOGUS         | ENFORCE_MATCH    | REFUSED | DNSSEC_BOGUS",
        "DANE       | FAILED        | NONE             | REFUSED | DNS_FAILED",
        "DANE_ONLY  | USABLE        | NONE             | DANE    | -",
        "DANE_ONLY  | NONE          | ENFORCE_MATCH    | REFUSED | DANE_REQUIRED",
        "DANE_ONLY  | INSECURE      | NONE             | REFUSED | DANE_REQUIRED",
        "DANE_ONLY  | UNUSABLE      | NONE             | REFUSED | DANE_REQUIRED",
        "DANE_ONLY  | BOGUS         | NONE             | REFUSED | DNSSEC_BOGUS",
        "MTA_STS    | NOT_LOOKED_UP | ENFORCE_MATCH    | MTA_STS | -",
        "MTA_STS    | NOT_LOOKED_UP | ENFORCE_MISMATCH | REFUSED | MTA_STS_MX_NOT_LISTED",
        "MTA_STS    | NOT_LOOKED_UP | TESTING          | VERIFY  | -",
        "MTA_STS    | NOT_LOOKED_UP | NONE             | VERIFY  | -",
        "VERIFY     | USABLE        | ENFORCE_MISMATCH | VERIFY  | -",
        "SECURE     | USABLE        | NONE             | SECURE  | -",
        "FINGERPRINT| USABLE        | NONE             | FINGERPRINT | -",
    })
    void eachLevelAppliesTheStrongestCheckThatExistsAndRefusesWhatItMust(UpstreamTlsLevel level, TlsaStatus tlsa,
            MtaStsStatus sts, AppliedTls applied, String refusal) {
        TlsPlan plan = TlsLevelPolicy.plan(mxFacts(level, true, tlsa, sts));

        assertThat(plan.applied()).isEqualTo(applied);
        assertThat(plan.why()).isNotBlank();
        if (refusal.equals("-")) {
            assertThat(plan.refused()).isFalse();
        } else {
            assertThat(plan.requirement()).isEqualTo(new TlsRequirement.Refused(RefusalReason.valueOf(refusal)));
            assertThat(RefusalReason.valueOf(refusal).reply().code()).isEqualTo(421);
        }
    }

    @Test
    void daneChecksTaChainsAgainstTheMxHostAndTheDestinationDomain() {
        TlsPlan plan = TlsLevelPolicy.plan(mxFacts(UpstreamTlsLevel.DANE, true, TlsaStatus.USABLE, MtaStsStatus.NONE));

        assertThat(plan.requirement()).isEqualTo(new TlsRequirement.Dane(Set.of(MX, DOMAIN)));
        assertThat(plan.why()).isEqualTo("validated TLSA records");
    }

    @Test
    void daneForAFixedUpstreamChecksItsOneName() {
        TlsFacts facts = TlsFacts.forUpstream(UpstreamTlsLevel.DANE, "relay.example.com", List.of())
                .withTlsa(TlsaStatus.USABLE);

        assertThat(TlsLevelPolicy.plan(facts).requirement())
                .isEqualTo(new TlsRequirement.Dane(Set.of("relay.example.com")));
    }

    @Test
    void verifyChecksTheConfiguredNameInsteadOfTheHostWhenOneIsGiven() {
        TlsPlan configured = TlsLevelPolicy.plan(TlsFacts.forUpstream(UpstreamTlsLevel.VERIFY, "10.1.2.3",
                List.of("smtp.example.com")));
        TlsPlan bare = TlsLevelPolicy.plan(TlsFacts.forUpstream(UpstreamTlsLevel.VERIFY, "Relay.Example.COM.", List.of()));

        assertThat(configured.requirement()).isEqualTo(new TlsRequirement.Pkix(Set.of("smtp.example.com")));
        assertThat(bare.requirement()).isEqualTo(new TlsRequirement.Pkix(Set.of("relay.example.com")));
    }

    @Test
    void secureAcceptsAnMxHostNameOnlyFromDnssecValidatedMx() {
        TlsFacts unsigned = new TlsFacts(UpstreamTlsLevel.SECURE, MX, DOMAIN, false, List.of("mail.example.net"),
                TlsaStatus.NOT_LOOKED_UP, MtaStsStatus.NONE);

        assertThat(TlsLevelPolicy.plan(unsigned).requirement())
                .isEqualTo(new TlsRequirement.Pkix(Set.of(DOMAIN, "mail.example.net")));
        assertThat(TlsLevelPolicy.plan(new TlsFacts(UpstreamTlsLevel.SECURE, MX, DOMAIN, true, List.of(),
                TlsaStatus.NOT_LOOKED_UP, MtaStsStatus.NONE)).requirement())
                .isEqualTo(new TlsRequirement.Pkix(Set.of(DOMAIN, MX)));
    }

    @Test
    void mtaStsChecksTheMxHostNameNotTheDomain() {
        TlsPlan plan = TlsLevelPolicy.plan(mxFacts(UpstreamTlsLevel.MTA_STS, false, TlsaStatus.NOT_LOOKED_UP,
                MtaStsStatus.ENFORCE_MATCH));

        assertThat(plan.requirement()).isEqualTo(new TlsRequirement.Pkix(Set.of(MX)));
    }

    @Test
    void theWhySaysWhyDaneDidNotApply() {
        assertThat(TlsLevelPolicy.plan(mxFacts(UpstreamTlsLevel.DANE, false, TlsaStatus.INSECURE, MtaStsStatus.NONE)).why())
                .isEqualTo("TLSA records not DNSSEC-validated; no MTA-STS policy");
        assertThat(TlsLevelPolicy.plan(mxFacts(UpstreamTlsLevel.DANE_ONLY, true, TlsaStatus.NONE, MtaStsStatus.NONE)).why())
                .isEqualTo("level dane-only and no TLSA records");
    }

    @Test
    void levelsHaveTheirConfigurationNames() {
        assertThat(UpstreamTlsLevel.fromConfigName("Dane-Only")).contains(UpstreamTlsLevel.DANE_ONLY);
        assertThat(UpstreamTlsLevel.fromConfigName("mta-sts")).contains(UpstreamTlsLevel.MTA_STS);
        assertThat(UpstreamTlsLevel.fromConfigName("may")).isEmpty();
        assertThat(AppliedTls.MTA_STS.label()).isEqualTo("mta-sts");
    }
}
