package org.smtpguard.policy.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapabilitiesTest {

    private static Capabilities of(String... lines) {
        List<String> all = new ArrayList<>(List.of("mail.test Hello"));
        all.addAll(List.of(lines));
        return Capabilities.fromEhloReply(new Reply(250, null, all));
    }

    @Test
    void readsKeywordsUpperCaseInOrderWithTheirParameters() {
        Capabilities caps = of("pipelining", "Size 1000", "AUTH PLAIN login", "", "  8BITMIME  ");

        assertThat(caps.keywords()).containsExactly("PIPELINING", "SIZE", "AUTH", "8BITMIME");
        assertThat(caps.has("size")).isTrue();
        assertThat(caps.has("VRFY")).isFalse();
        assertThat(caps.parameters("AUTH")).containsExactly("PLAIN", "login");
        assertThat(caps.parameters("PIPELINING")).isEmpty();
        assertThat(caps.parameters("VRFY")).isEmpty();
        assertThat(caps).hasToString("Capabilities[PIPELINING, SIZE 1000, AUTH PLAIN login, 8BITMIME]");
    }

    @Test
    void theGreetingLineIsNotACapability() {
        assertThat(Capabilities.fromEhloReply(Reply.plain(250, "PIPELINING"))).isEqualTo(Capabilities.empty());
    }

    @Test
    void onlyA250IsAnEhloReply() {
        assertThatThrownBy(() -> Capabilities.fromEhloReply(Reply.of(502, EnhancedStatus.INVALID_COMMAND, "no")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void linesWithoutKeywordSyntaxAreLeftOut() {
        Capabilities caps = of("-DASH", "SIZE\t100", "X_UNDERSCORE", "DSN caf\u00e9", "ÜBER", "OK-1 a=b");

        assertThat(caps.keywords()).containsExactly("OK-1");
    }

    @Test
    void theOldAuthEqualsFormIsReadAsAuthAndMerged() {
        assertThat(of("AUTH PLAIN LOGIN", "AUTH=PLAIN LOGIN").authMechanisms()).containsExactly("PLAIN", "LOGIN");
        assertThat(of("AUTH=LOGIN").authMechanisms()).containsExactly("LOGIN");
        assertThat(of("auth=login cram-md5", "AUTH PLAIN").authMechanisms())
                .containsExactly("LOGIN", "CRAM-MD5", "PLAIN");
        assertThat(of("AUTH PLAIN", "AUTH=plain").authMechanisms()).containsExactly("PLAIN");
        assertThat(of("AUTH=").has("AUTH")).isTrue();
    }

    @Test
    void authMechanismsAreSaslNamesOnly() {
        assertThat(of("AUTH plain <b>x</b> SCRAM-SHA-256 XOAUTH2 A_B THIS-NAME-IS-LONGER-THAN-20").authMechanisms())
                .containsExactly("PLAIN", "SCRAM-SHA-256", "XOAUTH2", "A_B");
    }

    @Test
    void anyOtherKeywordOfferedTwiceCountsOnce() {
        assertThat(of("SIZE 100", "SIZE 200").sizeLimit()).hasValue(100);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "SIZE 52428800          | 52428800",
        "SIZE 1                 | 1",
        "SIZE                   | ",
        "SIZE 0                 | ",
        "SIZE -5                | ",
        "SIZE 10MB              | ",
        "SIZE 9999999999999999999 | ",
        "PIPELINING             | ",
    })
    void sizeLimitIsAFixedPositiveNumber(String line, Long expected) {
        assertThat(of(line).sizeLimit()).isEqualTo(expected == null ? OptionalLong.empty() : OptionalLong.of(expected));
    }

    @Test
    void withReplacesInPlaceOrAppendsAndWithoutRemoves() {
        Capabilities caps = of("PIPELINING", "SIZE 100", "DSN");

        assertThat(caps.with("size", "200")).hasToString("Capabilities[PIPELINING, SIZE 200, DSN]");
        assertThat(caps.with("STARTTLS")).hasToString("Capabilities[PIPELINING, SIZE 100, DSN, STARTTLS]");
        assertThat(caps.without("size")).hasToString("Capabilities[PIPELINING, DSN]");
        assertThat(caps.without("VRFY")).isEqualTo(caps);
        assertThat(caps).hasToString("Capabilities[PIPELINING, SIZE 100, DSN]");
    }

    @Test
    void withRefusesWhatCannotGoOnTheWire() {
        assertThatThrownBy(() -> Capabilities.empty().with("SIZE 1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Capabilities.empty().with("AUTH", "PLAIN\r\n250 X"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Capabilities.empty().with("AUTH", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toEhloReplyIsA250WithTheDomainFirst() {
        Reply reply = Capabilities.empty().with("PIPELINING").with("SIZE", "1000").with("AUTH", "PLAIN", "LOGIN")
                .toEhloReply("smtpguard.test");

        assertThat(reply.toWireString()).isEqualTo(
                "250-smtpguard.test\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250 AUTH PLAIN LOGIN\r\n");
        assertThat(Capabilities.empty().toEhloReply("smtpguard.test").toWireString())
                .isEqualTo("250 smtpguard.test\r\n");
    }

    @Test
    void readingItsOwnEhloReplyGivesTheSameCapabilities() {
        Capabilities caps = of("PIPELINING", "SIZE 1000", "AUTH PLAIN LOGIN", "DSN");

        assertThat(Capabilities.fromEhloReply(caps.toEhloReply("x"))).isEqualTo(caps);
        assertThat(caps).hasSameHashCodeAs(Capabilities.fromEhloReply(caps.toEhloReply("y")));
        assertThat(of("DSN", "PIPELINING")).isNotEqualTo(of("PIPELINING", "DSN"));
    }
}
