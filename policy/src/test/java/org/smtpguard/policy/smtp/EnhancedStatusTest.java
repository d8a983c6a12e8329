package org.smtpguard.policy.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnhancedStatusTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "'5.1.1 no such user' | 5.1.1",
        "'4.7.5'              | 4.7.5",
        "'2.0.0 ok'           | 2.0.0",
        "'5.7.11 encryption'  | 5.7.11",
        "'4.999.999 max'      | 4.999.999",
    })
    void readsTheStatusAtTheStartOfAText(String text, String expected) {
        assertThat(EnhancedStatus.atStartOf(text)).map(EnhancedStatus::toString).contains(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "mail.test", "3.1.1 wrong class", "5.1 short", "5.1.1234 long",
        "5.1.1.1 extra", " 5.1.1 leading space", "5.1.1x glued", "x5.1.1"})
    void findsNoStatusInOtherTexts(String text) {
        assertThat(EnhancedStatus.atStartOf(text)).isEmpty();
    }

    @Test
    void toStringIsClassSubjectDetail() {
        assertThat(EnhancedStatus.ENCRYPTION_REQUIRED).hasToString("5.7.11");
        assertThat(EnhancedStatus.SECURITY_NOT_SUPPORTED).hasToString("4.7.4");
        assertThat(new EnhancedStatus(2, 0, 0)).isEqualTo(EnhancedStatus.OK);
    }

    @ParameterizedTest(name = "[{index}] {0}.{1}.{2}")
    @CsvSource({"1,0,0", "3,0,0", "6,0,0", "5,-1,0", "5,0,1000"})
    void rejectsInvalidParts(int statusClass, int subject, int detail) {
        assertThatThrownBy(() -> new EnhancedStatus(statusClass, subject, detail))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
