package org.smtpguard.policy.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smtpguard.policy.smtp.Command;

/** The order of a session: greet first; STARTTLS once, where offered, outside a transaction, before AUTH. */
class SessionRulesFilterTest {

    @ParameterizedTest(name = "[{index}] {0} greeted={1}")
    @CsvSource(delimiter = '|', value = {
        "MAIL FROM:<a@b.test> | false | respond 503 5.5.1 Send EHLO or HELO first",
        "RCPT TO:<a@b.test>   | false | respond 503 5.5.1 Send EHLO or HELO first",
        "DATA                 | false | respond 503 5.5.1 Send EHLO or HELO first",
        "AUTH PLAIN           | false | respond 503 5.5.1 Send EHLO or HELO first",
        "MAIL FROM:<a@b.test> | true  | forward",
        "NOOP                 | false | forward",
        "RSET                 | false | forward",
        "QUIT                 | false | forward",
        "EHLO app.test        | false | forward",
        "STARTTLS             | false | forward",
    })
    void aTransactionOrAuthNeedsAGreetingFirst(String line, boolean greeted, String expected) {
        SessionView session = new SessionView(false, false, false, false, greeted, true);
        assertThat(DecisionText.of(new GreetingFirstFilter().decide(Command.parse(line), session))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] tls={0} offered={1} transaction={2} authenticated={3}")
    @CsvSource(delimiter = '|', value = {
        "false | true  | false | false | forward",
        "true  | true  | false | false | respond 503 5.5.1 TLS already active",
        "true  | false | false | false | respond 503 5.5.1 TLS already active",
        "false | false | false | false | respond 502 5.5.1 STARTTLS not available",
        "false | true  | true  | false | respond 503 5.5.1 STARTTLS not allowed during a mail transaction",
        "false | true  | false | true  | respond 503 5.5.1 STARTTLS not allowed after AUTH",
    })
    void startTlsOnlyOnceWhereOfferedOutsideATransactionAndBeforeAuth(boolean tls, boolean offered,
                                                                     boolean transaction, boolean authenticated,
                                                                     String expected) {
        SessionView session = new SessionView(tls, true, authenticated, transaction, true, offered);
        assertThat(DecisionText.of(new StartTlsFilter().decide(Command.parse("STARTTLS"), session)))
                .isEqualTo(expected);
        assertThat(DecisionText.of(new StartTlsFilter().decide(Command.parse("NOOP"), session))).isEqualTo("forward");
    }
}
