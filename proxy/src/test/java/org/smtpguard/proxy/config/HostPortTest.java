package org.smtpguard.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPortTest {

    @ParameterizedTest(name = "{0} -> host {1}, port {2}")
    @CsvSource(delimiter = '|', value = {
        "mail.example:25       | mail.example | 25",
        "localhost:2525        | localhost    | 2525",
        "192.0.2.1:25          | 192.0.2.1    | 25",
        "[::1]:25              | ::1          | 25",
        "[2001:db8::7]:465     | 2001:db8::7  | 465",
        "[::ffff:192.0.2.1]:1  | ::ffff:192.0.2.1 | 1",
        "smtp_relay:587        | smtp_relay   | 587",
        "mail.example:65535    | mail.example | 65535",
        "mail.example:00025    | mail.example | 25",
    })
    void readsHostAndPort(String text, String host, int port) {
        HostPort parsed = HostPort.parse(text);

        assertThat(parsed.host()).isEqualTo(host);
        assertThat(parsed.port()).isEqualTo(port);
    }

    @ParameterizedTest(name = "{0} is written back as {1}")
    @CsvSource(delimiter = '|', value = {
        "mail.example:25   | mail.example:25",
        "[::1]:25          | [::1]:25",
        "192.0.2.1:0025    | 192.0.2.1:25",
    })
    void writesBackWhatItReads(String text, String written) {
        HostPort parsed = HostPort.parse(text);

        assertThat(parsed.toString()).isEqualTo(written);
        assertThat(HostPort.parse(parsed.toString())).isEqualTo(parsed);
    }

    @ParameterizedTest(name = "\"{0}\": {1}")
    @CsvSource(delimiter = '|', value = {
        "mail.example          | missing port",
        "mail.example:         | missing port",
        ":25                   | missing host",
        "mail.example:0        | port out of range 1-65535",
        "mail.example:65536    | port out of range 1-65535",
        "mail.example:99999999999 | port out of range 1-65535",
        "mail.example:-1       | port is not a number",
        "mail.example:25x      | port is not a number",
        "::1:25                | needs brackets",
        "[::1:25               | missing ']'",
        "[::1]                 | missing port",
        "[::1]25               | expected ':'",
        "::1]:25               | needs brackets",
        "mail]:25              | ']' without '['",
        "[mail.example]:25     | not an IPv6 address",
        "[]:25                 | not an IPv6 address",
        "mail example:25       | not a host name",
        "-mail.example:25      | not a host name",
        "999.1.1.1:25          | not a host name",
    })
    void refusesWithOneLineSayingWhatIsWrong(String text, String problem) {
        assertThatThrownBy(() -> HostPort.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem)
                .hasMessageNotContaining("\n");
    }

    @Test
    void acceptsPortZeroInCodeForAnEphemeralListener() {
        assertThat(new HostPort("127.0.0.1", 0).port()).isZero();
    }

    @Test
    void refusesAnUnbracketedHostWithControlCharactersInCode() {
        assertThatThrownBy(() -> new HostPort("mail\r\nexample", 25))
                .hasMessageContaining("\\r\\n")
                .hasMessageNotContaining("\n");
    }
}
