package org.smtpguard.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smtpguard.policy.tls.UpstreamTlsLevel;

/** The destination map's one-line entries and which entry applies to a name. */
class DestinationMapTest {

    private static final String PIN = "sha256/" + "A".repeat(43) + "=";

    @Test
    void anEntryReadsItsKeysAndWritesThemBack() {
        DestinationRule rule = DestinationRule.parse("Partner.Example via=10.0.0.5:25 via=[2001:db8::5]:587 "
                + "level=secure match=mail.partner.example");

        assertThat(rule.pattern()).isEqualTo("partner.example");
        assertThat(rule.level()).contains(UpstreamTlsLevel.SECURE);
        assertThat(rule.via()).containsExactly(new HostPort("10.0.0.5", 25), new HostPort("2001:db8::5", 587));
        assertThat(rule.match()).containsExactly("mail.partner.example");
        assertThat(DestinationRule.parse(rule.format())).isEqualTo(rule);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "example.org level=may                 | level must be verify, secure, fingerprint, mta-sts, dane or dane-only",
        "example.org level=fingerprint         | level=fingerprint needs pin=sha256/…",
        "example.org colour=blue               | unknown key colour (level, via, match, pin)",
        "example.org level                     | expected key=value, not level",
        "level=dane                            | expected a domain or host first, then key=value",
        "exa mple                              | expected key=value, not mple",
        "example.org via=mail                  | missing port (expected HOST:PORT)",
        "example.org pin=md5/abc               | ",
    })
    void aBadEntryIsOneLineSayingWhatIsWrong(String text, String message) {
        assertThatThrownBy(() -> DestinationRule.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message == null ? "" : message).hasMessageNotContaining("\n");
    }

    @Test
    void theMostSpecificEntryWinsAndTheDefaultLevelAppliesElsewhere() {
        DestinationMap map = new DestinationMap(UpstreamTlsLevel.DANE, List.of(
                DestinationRule.parse(".example.org level=mta-sts"),
                DestinationRule.parse(".mail.example.org level=secure"),
                DestinationRule.parse("mx1.mail.example.org level=fingerprint pin=" + PIN)));

        assertThat(map.levelFor("MX1.mail.example.org.")).isEqualTo(UpstreamTlsLevel.FINGERPRINT);
        assertThat(map.levelFor("mx2.mail.example.org")).isEqualTo(UpstreamTlsLevel.SECURE);
        assertThat(map.levelFor("www.example.org")).isEqualTo(UpstreamTlsLevel.MTA_STS);
        assertThat(map.levelFor("example.org")).as("a .suffix entry is for the names below it only")
                .isEqualTo(UpstreamTlsLevel.DANE);
        assertThat(map.find("other.test")).isEmpty();
    }

    @Test
    void theDefaultLevelCannotBeFingerprintBecauseItHasNoPins() {
        assertThatThrownBy(() -> new DestinationMap(UpstreamTlsLevel.FINGERPRINT, List.of()))
                .hasMessageContaining("needs pins");
    }
}
