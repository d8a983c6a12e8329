package org.smtpguard.policy.mtasts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StsTxtRecordTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" has id {1}")
    @CsvSource(delimiter = '|', value = {
        "v=STSv1; id=20160831085700Z;         | 20160831085700Z",
        "v=STSv1;id=abc                       | abc",
        "v=STSv1 ; id=abc ;                   | abc",
        "v=STSv1;\tid=abc                     | abc",
        "v=STSv1; id=first; id=second          | first",
        "v=STSv1; ext=x.y; id=A1              | A1",
        "v=STSv1; id=12345678901234567890123456789012 | 12345678901234567890123456789012",
    }, ignoreLeadingAndTrailingWhitespace = false)
    void readsTheIdOfAValidRecord(String record, String id) {
        assertThat(StsTxtRecord.parse(record.stripTrailing()).id()).isEqualTo(id.strip());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is invalid")
    @ValueSource(strings = {
        "v=STSv1",                       // no id
        "v=STSv1;",                      // no field at all
        "v=STSv1; ext=1",                // no id
        "v=STSv2; id=abc",               // another version
        "v=stsv1; id=abc",               // case-sensitive
        " v=STSv1; id=abc",              // must start with v=
        "id=abc; v=STSv1",               // version first
        "v=STSv1; id=",                  // empty id
        "v=STSv1; id=ab-c",              // id: letters and digits only
        "v=STSv1; id=123456789012345678901234567890123", // 33 characters
        "v=STSv1;; id=abc",              // empty field
        "v=STSv1; id=abc;;",             // two trailing separators
        "v=STSv1; id abc",               // no '='
        "v=STSv1; id=a b",               // space in a value
        "v=STSv1, id=abc",               // wrong separator
    })
    void refusesAnInvalidRecord(String record) {
        assertThatThrownBy(() -> StsTxtRecord.parse(record)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // records, separated by '#'                        | selected id, or - for no policy
        "v=STSv1; id=one                                    | one",
        "v=spf1 -all # v=STSv1; id=one                      | one",
        "v=STSv1; id=one # v=STSv1; id=two                  | -",
        "v=spf1 -all                                        | -",
        "v=STSv1; id=bad-id                                 | -",
        "v=STSv1; id=one # v=STSv1x; id=two                 | one",
        "''                                                 | -",
    })
    void selectsTheSinglePolicyRecord(String records, String expected) {
        List<String> list = records.isEmpty() ? List.of() : List.of(records.split(" # "));
        Optional<StsTxtRecord> selected = StsTxtRecord.select(list);
        assertThat(selected.map(StsTxtRecord::id).orElse("-")).isEqualTo(expected);
    }
}
