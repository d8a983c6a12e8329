package org.smtpguard.policy.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smtpguard.policy.smtp.Command;

class VrfyExpnFilterTest {

    private static final SessionView ANY = new SessionView(true, true, true, false);
    private static final String REFUSED =
            "refuse command_blocked 502 5.5.1 VRFY and EXPN are not available (directory harvest protection)";

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "VRFY postmaster         | " + REFUSED,
        "vrfy <root@mail.test>   | " + REFUSED,
        "EXPN staff              | " + REFUSED,
        "Expn                    | " + REFUSED,
        "VRFYX a                 | forward",
        "RCPT TO:<a@mail.test>   | forward",
        "HELP VRFY               | forward",
    })
    void refusesVrfyAndExpnWhateverTheSession(String line, String expected) {
        assertThat(DecisionText.of(new VrfyExpnFilter().decide(Command.parse(line), ANY))).isEqualTo(expected);
    }
}
