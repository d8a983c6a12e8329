package org.smtpguard.policy.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smtpguard.policy.smtp.Command;

class UnrelayedVerbFilterTest {

    private static final SessionView TRUSTED_TLS = new SessionView(true, true, true, true);

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "ETRN example.test                  | refuse command_blocked 502 5.5.1 ETRN not available through smtpguard",
        "etrn @example.test                 | refuse command_blocked 502 5.5.1 ETRN not available through smtpguard",
        "TURN                               | refuse command_blocked 502 5.5.1 TURN not available through smtpguard",
        "ATRN example.test                  | refuse command_blocked 502 5.5.1 ATRN not available through smtpguard",
        "XCLIENT ADDR=10.0.0.1              | refuse command_blocked 502 5.5.1 XCLIENT not available through smtpguard",
        "XForward NAME=spoofed.test         | refuse command_blocked 502 5.5.1 XFORWARD not available through smtpguard",
        "BDAT 1000 LAST                     | refuse command_blocked 502 5.5.1 BDAT not available through smtpguard",
        "XYZZY plugh                        | refuse command_blocked 502 5.5.1 command not recognized",
        "AGFsaWNlAHMzY3IzdA==               | refuse command_blocked 502 5.5.1 command not recognized",
        "''                                 | refuse command_blocked 502 5.5.1 command not recognized",
        "EHLO client.test                   | forward",
        "MAIL FROM:<a@b.test>               | forward",
        "DATA                               | forward",
        "STARTTLS                           | forward",
        "AUTH PLAIN                         | forward",
        "NOOP                               | forward",
        "HELP                               | forward",
    })
    void refusesVerbsSmtpguardDoesNotRelay(String line, String expected) {
        Command command = Command.parse(line);

        assertThat(DecisionText.of(new UnrelayedVerbFilter().decide(command, TRUSTED_TLS))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "ETRN                               | ETRN",
        "xclient                            | XCLIENT",
        "'X<b>\u0007;$(rm)-1'               | XBRM-1",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ         | ABCDEFGHIJKLMNOPQRST",
        "'\u00e9\u00e8'                     | command",
    })
    void theWordInARefusalIsSanitisedAndBounded(String word, String shown) {
        assertThat(UnrelayedVerbFilter.shown(word)).isEqualTo(shown);
    }
}
