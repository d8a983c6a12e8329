package org.smtpguard.policy.mtasts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smtpguard.policy.decision.RefusalReason;

class StsMxVerdictTest {

    @ParameterizedTest(name = "[{index}] mode {0}, mx {1} -> {2}")
    @CsvSource({
        "enforce, mx1.example.com,  MX_ALLOWED",
        "enforce, evil.example.org, MX_NOT_LISTED_REFUSED",
        "enforce, a.b.example.com,  MX_NOT_LISTED_REFUSED",
        "testing, mx1.example.com,  MX_ALLOWED",
        "testing, evil.example.org, MX_NOT_LISTED_TESTING",
        "none,    evil.example.org, NO_POLICY",
    })
    void enforceRefusesAnUnlistedMxTestingOnlyReportsIt(String mode, String mx, StsMxVerdict verdict) {
        String mxLine = mode.equals("none") ? "" : "mx: *.example.com\n";
        StsPolicy policy = StsPolicyParser.parse("version: STSv1\nmode: " + mode + "\n" + mxLine + "max_age: 86400\n");

        assertThat(StsMxVerdict.of(Optional.of(policy), mx)).isEqualTo(verdict);
        assertThat(verdict.allowsDelivery()).isEqualTo(verdict != StsMxVerdict.MX_NOT_LISTED_REFUSED);
    }

    @Test
    void withoutAPolicyMtaStsHasNoSay() {
        assertThat(StsMxVerdict.of(Optional.empty(), "anything.example")).isEqualTo(StsMxVerdict.NO_POLICY);
    }

    @Test
    void theRefusalIsATemporaryCryptographicFailure() {
        assertThat(RefusalReason.MTA_STS_MX_NOT_LISTED.reply().code()).isEqualTo(421);
        assertThat(RefusalReason.MTA_STS_MX_NOT_LISTED.reply().status().toString()).isEqualTo("4.7.5");
    }
}
