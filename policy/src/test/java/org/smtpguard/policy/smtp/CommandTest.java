package org.smtpguard.policy.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "'MAIL FROM:<a@b.test> SIZE=10' | MAIL    | MAIL  | 'FROM:<a@b.test> SIZE=10'",
        "'ehlo client.test'             | EHLO    | ehlo  | 'client.test'",
        "'QUIT'                         | QUIT    | QUIT  | ''",
        "'DATA '                        | DATA    | DATA  | ''",
        "''                             | UNKNOWN | ''    | ''",
        "'XYZZY plugh'                  | UNKNOWN | XYZZY | 'plugh'",
        "'RCPT  TO:<a@b.test>'          | RCPT    | RCPT  | ' TO:<a@b.test>'",
    })
    void parseFindsVerbWordAndArgument(String line, Verb verb, String word, String argument) {
        Command command = Command.parse(line);

        assertThat(command.verb()).isEqualTo(verb);
        assertThat(command.word()).isEqualTo(word);
        assertThat(command.argument()).isEqualTo(argument);
        assertThat(command.line()).isEqualTo(line);
    }

    @Test
    void toWireGivesBackEveryByteWithCrlf() {
        byte[] line = new byte[256 - 2];
        int n = 0;
        line[n++] = 'R';
        line[n++] = 'C';
        line[n++] = 'P';
        line[n++] = 'T';
        line[n++] = ' ';
        for (int b = 0x80; b <= 0xFF; b++) {
            line[n++] = (byte) b;
        }
        for (int b = 0x20; b < 0x7F && n < line.length; b++) {
            line[n++] = (byte) b;
        }
        byte[] exact = java.util.Arrays.copyOf(line, n);

        Command command = Command.parse(exact);

        byte[] expected = java.util.Arrays.copyOf(exact, n + 2);
        expected[n] = '\r';
        expected[n + 1] = '\n';
        assertThat(command.verb()).isEqualTo(Verb.RCPT);
        assertThat(command.toWire()).isEqualTo(expected);
    }

    @Test
    void toWireKeepsUtf8AddressesByteForByte() {
        byte[] utf8 = "MAIL FROM:<jörg@bücher.test> SMTPUTF8".getBytes(StandardCharsets.UTF_8);

        assertThat(Command.parse(utf8).toWire())
                .isEqualTo("MAIL FROM:<jörg@bücher.test> SMTPUTF8\r\n".getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"NOOP\r\nRSET", "NOOP\n", "NOOP\r"})
    void rejectsCrOrLfInTheLine(String line) {
        assertThatThrownBy(() -> Command.parse(line)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "'AUTH PLAIN AGFsaWNlAHMzY3IzdA==' | 'AUTH PLAIN …'",
        "'auth login YWxpY2U='             | 'AUTH LOGIN …'",
        "'AUTH CRAM-MD5'                   | 'AUTH CRAM-MD5 …'",
        "'AUTH PLAIN\tAGFsaWNlAHMzY3IzdA==' | 'AUTH INVALID …'",
        "'AUTH AGFsaWNlAHMzY3IzdA=='       | 'AUTH INVALID …'",
        "'AUTH'                            | 'AUTH INVALID …'",
        "'AGFsaWNlAHMzY3IzdA=='            | '(unrecognised line of 20 bytes)'",
        "'MAIL FROM:<a@b.test>'            | 'MAIL FROM:<a@b.test>'",
    })
    void toStringNeverShowsAuthArgumentsNorUnrecognisedLines(String line, String shown) {
        assertThat(Command.parse(line)).hasToString(shown);
        assertThat(Command.parse(line).toString()).doesNotContain("AGFsaWNl", "YWxpY2U");
    }
}
