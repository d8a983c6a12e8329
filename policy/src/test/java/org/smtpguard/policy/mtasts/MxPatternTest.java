package org.smtpguard.policy.mtasts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MxPatternTest {

    @ParameterizedTest(name = "[{index}] {0} matches {1}: {2}")
    @CsvSource({
        "mail.example.com,    mail.example.com,      true",
        "mail.example.com,    MAIL.Example.COM.,     true",
        "Mail.Example.com.,   mail.example.com,      true",
        "mail.example.com,    mail2.example.com,     false",
        "mail.example.com,    example.com,           false",
        "*.example.com,       mail.example.com,      true",
        "*.example.com,       MX1.EXAMPLE.COM.,      true",
        "*.example.com,       example.com,           false",
        "*.example.com,       a.b.example.com,       false",
        "*.example.com,       .example.com,          false",
        "*.example.com,       mailexample.com,       false",
        "*.example.com,       mail.example.com.evil, false",
        "*.mail.example.net,  mx.mail.example.net,   true",
    })
    void matchesOnlyTheExactNameOrOneLeftmostLabel(String pattern, String host, boolean matches) {
        assertThat(new MxPattern(pattern).matches(host)).isEqualTo(matches);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is not an mx pattern")
    @ValueSource(strings = {"", "*", "*.", "**.example.com", "mail.*.example.com", "mx*.example.com",
        "*example.com", "exa mple.com", "-mx.example.com", "mx..example.com", "*.*.example.com", "mx/1.example.com"})
    void refusesWildcardsAnywhereButTheLeftmostLabel(String pattern) {
        assertThatThrownBy(() -> new MxPattern(pattern)).isInstanceOf(IllegalArgumentException.class);
    }
}
