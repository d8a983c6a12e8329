package org.smtpguard.policy.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class VerbTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        "EHLO, EHLO", "ehlo, EHLO", "EhLo, EHLO", "mail, MAIL", "StartTLS, STARTTLS", "xclient, XCLIENT",
        "bdat, BDAT", "'', UNKNOWN", "FOO, UNKNOWN", "EHLOX, UNKNOWN", "UNKNOWN, UNKNOWN",
    })
    void matchesTheWordCaseInsensitively(String word, Verb expected) {
        assertThat(Verb.of(word)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(value = Verb.class, mode = EnumSource.Mode.EXCLUDE, names = "UNKNOWN")
    void everyNamedVerbIsFoundByItsName(Verb verb) {
        assertThat(Verb.of(verb.name())).isEqualTo(verb);
        assertThat(Verb.of(verb.name().toLowerCase(java.util.Locale.ROOT))).isEqualTo(verb);
    }
}
