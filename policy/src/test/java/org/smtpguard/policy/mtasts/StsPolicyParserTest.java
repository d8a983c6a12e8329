package org.smtpguard.policy.mtasts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StsPolicyParserTest {

    private static final String RFC_EXAMPLE = "version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\n"
            + "mx: *.example.net\r\nmx: backupmx.example.com\r\nmax_age: 604800\r\n";

    @Test
    void readsTheRfcExample() {
        StsPolicy policy = StsPolicyParser.parse(RFC_EXAMPLE);

        assertThat(policy.mode()).isEqualTo(StsMode.ENFORCE);
        assertThat(policy.mx()).extracting(MxPattern::pattern)
                .containsExactly("mail.example.com", "*.example.net", "backupmx.example.com");
        assertThat(policy.maxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(policy.lines()).containsExactly("version: STSv1", "mode: enforce", "mx: mail.example.com",
                "mx: *.example.net", "mx: backupmx.example.com", "max_age: 604800");
    }

    @Test
    void acceptsLfLineEndsBlankLinesSpacesAndUnknownKeys() {
        StsPolicy policy = StsPolicyParser.parse(
                "version:STSv1\n\nmode:\ttesting  \nmx: MX.Example.COM\nextension_1: some value\nmax_age: 86400");

        assertThat(policy.mode()).isEqualTo(StsMode.TESTING);
        assertThat(policy.mx()).extracting(MxPattern::pattern).containsExactly("mx.example.com");
        assertThat(policy.maxAge()).isEqualTo(Duration.ofDays(1));
        assertThat(policy.lines()).contains("extension_1: some value");
    }

    @Test
    void theFirstOfARepeatedKeyCountsExceptMxWhichAccumulates() {
        StsPolicy policy = StsPolicyParser.parse("version: STSv1\nmode: testing\nmode: enforce\n"
                + "mx: a.example\nmax_age: 60\nmax_age: 999\nmx: b.example\n");

        assertThat(policy.mode()).isEqualTo(StsMode.TESTING);
        assertThat(policy.maxAge()).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.mx()).extracting(MxPattern::pattern).containsExactly("a.example", "b.example");
    }

    @ParameterizedTest(name = "[{index}] max_age {0} -> {1}s")
    @CsvSource({"0, 0", "1, 1", "31557600, 31557600", "31557601, 31557600", "9999999999, 31557600",
        "0000086400, 86400"})
    void maxAgeIsCutToAYear(String maxAge, long seconds) {
        StsPolicy policy = StsPolicyParser.parse("version: STSv1\nmode: enforce\nmx: mx.example\nmax_age: " + maxAge);
        assertThat(policy.maxAge()).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void modeNoneNeedsNoMx() {
        StsPolicy policy = StsPolicyParser.parse("version: STSv1\nmode: none\nmax_age: 86400\n");
        assertThat(policy.mode()).isEqualTo(StsMode.NONE);
        assertThat(policy.mx()).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "mode: enforce\nmx: mx.example\nmax_age: 86400",                         // no version
        "version: STSv2\nmode: enforce\nmx: mx.example\nmax_age: 86400",         // other version
        "version: stsv1\nmode: enforce\nmx: mx.example\nmax_age: 86400",         // version is case-sensitive
        "version: STSv1\nmx: mx.example\nmax_age: 86400",                        // no mode
        "version: STSv1\nmode: Enforce\nmx: mx.example\nmax_age: 86400",         // mode is case-sensitive
        "version: STSv1\nmode: report\nmx: mx.example\nmax_age: 86400",          // draft-era mode
        "version: STSv1\nmode: enforce\nmx: mx.example",                         // no max_age
        "version: STSv1\nmode: enforce\nmx: mx.example\nmax_age: -1",            // negative
        "version: STSv1\nmode: enforce\nmx: mx.example\nmax_age: 12345678901",   // 11 digits
        "version: STSv1\nmode: enforce\nmx: mx.example\nmax_age: 1d",            // not digits
        "version: STSv1\nmode: enforce\nmax_age: 86400",                         // enforce without mx
        "version: STSv1\nmode: testing\nmax_age: 86400",                         // testing without mx
        "version: STSv1\nmode: enforce\nmx: mail.*.example\nmax_age: 86400",     // wildcard not leftmost
        "version: STSv1\nmode: enforce\nmx: *\nmax_age: 86400",                  // bare wildcard
        "version: STSv1\nmode: enforce\nmx mx.example\nmax_age: 86400",          // no colon
        "version: STSv1\nmode: enforce\nmx:\nmax_age: 86400",                    // empty value
        "<html><body>version: STSv1</body></html>",                              // not a policy
        "",
    })
    void refusesAnInvalidPolicy(String body) {
        assertThatThrownBy(() -> StsPolicyParser.parse(body)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorsNameTheLineButNeverQuoteTheBody() {
        assertThatThrownBy(() -> StsPolicyParser.parse("version: STSv1\nsecret-ish line without colon\n"))
                .hasMessage("policy line 2 is not \"key: value\"");
    }

    @Test
    void allowsMxMatchesAnyPattern() {
        StsPolicy policy = StsPolicyParser.parse(RFC_EXAMPLE);
        assertThat(List.of("mail.example.com", "mx1.example.net", "backupmx.example.com."))
                .allMatch(policy::allowsMx);
        assertThat(List.of("example.net", "a.b.example.net", "evil.example.org")).noneMatch(policy::allowsMx);
    }
}
