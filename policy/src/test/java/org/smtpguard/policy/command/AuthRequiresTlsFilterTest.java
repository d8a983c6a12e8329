package org.smtpguard.policy.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smtpguard.policy.smtp.Command;

class AuthRequiresTlsFilterTest {

    private static final String NEEDS_TLS = "refuse auth_requires_tls 538 5.7.11 Encryption required for "
            + "requested authentication mechanism: use STARTTLS first";
    private static final String ALREADY = "respond 503 5.5.1 Already authenticated";

    @ParameterizedTest(name = "[{index}] {0} tls={1} trusted={2} authenticated={3}")
    @CsvSource(delimiter = '|', value = {
        "AUTH PLAIN AGFsaWNlAHMzY3IzdA== | false | false | false | " + NEEDS_TLS,
        "auth login                      | false | false | false | " + NEEDS_TLS,
        "AUTH PLAIN                      | false | false | true  | " + NEEDS_TLS,
        "AUTH PLAIN                      | true  | false | false | forward",
        "AUTH PLAIN                      | false | true  | false | forward",
        "AUTH PLAIN                      | true  | true  | false | forward",
        "AUTH PLAIN                      | true  | false | true  | " + ALREADY,
        "AUTH PLAIN                      | false | true  | true  | " + ALREADY,
        "MAIL FROM:<a@b.test>            | false | false | false | forward",
        "EHLO client.test                | false | false | false | forward",
    })
    void authNeedsAnEncryptedOrTrustedClientAndOnlyOnce(String line, boolean tls, boolean trusted,
                                                        boolean authenticated, String expected) {
        SessionView session = new SessionView(tls, trusted, authenticated, false);

        assertThat(DecisionText.of(new AuthRequiresTlsFilter().decide(Command.parse(line), session)))
                .isEqualTo(expected);
    }
}
