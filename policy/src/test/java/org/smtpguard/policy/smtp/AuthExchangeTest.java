package org.smtpguard.policy.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuthExchangeTest {

    private static final String TOKEN = "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg";

    /** name, script (see {@link AuthDialogue}), what toString shows afterwards, the secret in it or "". */
    static Stream<Arguments> dialogues() {
        return Stream.of(
            Arguments.of("PLAIN, initial response",
                "C: AUTH PLAIN {^@alice^@s3cret-Pa55} / S: 235 2.7.0 Authentication successful",
                "AuthExchange[mechanism=PLAIN, user=alice, finished 235]", "s3cret-Pa55"),
            Arguments.of("PLAIN, continuation",
                "C: AUTH PLAIN / S: 334 / C: {^@alice^@s3cret-Pa55} / S: 235 2.7.0 ok",
                "AuthExchange[mechanism=PLAIN, user=alice, finished 235]", "s3cret-Pa55"),
            Arguments.of("PLAIN, authorization identity",
                "C: auth plain {boss@mail.test^@alice@mail.test^@s3cret-Pa55} / S: 535 5.7.8 failed",
                "AuthExchange[mechanism=PLAIN, user=alice@mail.test, authzid=boss@mail.test, finished 535]",
                "s3cret-Pa55"),
            Arguments.of("PLAIN, '=' is the empty initial response",
                "C: AUTH PLAIN = / S: 501 5.5.2 malformed",
                "AuthExchange[mechanism=PLAIN, user=(unknown), finished 501]", ""),
            Arguments.of("PLAIN, invalid base64",
                "C: AUTH PLAIN not*base64 / S: 501 5.5.2 malformed",
                "AuthExchange[mechanism=PLAIN, user=(unknown), finished 501]", "not*base64"),
            Arguments.of("PLAIN, only one NUL",
                "C: AUTH PLAIN {alice^@s3cret-Pa55} / S: 501 5.5.2 malformed",
                "AuthExchange[mechanism=PLAIN, user=(unknown), finished 501]", "s3cret-Pa55"),
            Arguments.of("LOGIN, continuation",
                "C: AUTH LOGIN / S: 334 {Username:} / C: {alice} / S: 334 {Password:} / C: {s3cret-Pa55}"
                    + " / S: 235 2.7.0 ok",
                "AuthExchange[mechanism=LOGIN, user=alice, finished 235]", "s3cret-Pa55"),
            Arguments.of("LOGIN, initial response",
                "C: AUTH LOGIN {alice} / S: 334 {Password:} / C: {s3cret-Pa55} / S: 235 2.7.0 ok",
                "AuthExchange[mechanism=LOGIN, user=alice, finished 235]", "s3cret-Pa55"),
            Arguments.of("LOGIN, old Microsoft prompts",
                "C: AUTH LOGIN / S: 334 {User Name^@} / C: {alice} / S: 334 {Password^@} / C: {s3cret-Pa55}"
                    + " / S: 235 2.7.0 ok",
                "AuthExchange[mechanism=LOGIN, user=alice, finished 235]", "s3cret-Pa55"),
            Arguments.of("LOGIN, prompts not understood: first response is the user name",
                "C: AUTH LOGIN / S: 334 {who?} / C: {alice} / S: 334 not-base64! / C: {s3cret-Pa55}"
                    + " / S: 535 5.7.8 failed",
                "AuthExchange[mechanism=LOGIN, user=alice, finished 535]", "s3cret-Pa55"),
            Arguments.of("LOGIN, server asks for the password first",
                "C: AUTH LOGIN / S: 334 {Password:} / C: {s3cret-Pa55} / S: 535 5.7.8 failed",
                "AuthExchange[mechanism=LOGIN, user=(unknown), finished 535]", "s3cret-Pa55"),
            Arguments.of("LOGIN, cancelled at the password",
                "C: AUTH LOGIN {alice} / S: 334 {Password:} / C: * / S: 501 5.0.0 cancelled",
                "AuthExchange[mechanism=LOGIN, user=alice, finished 501]", ""),
            Arguments.of("LOGIN, cancelled at the user name",
                "C: AUTH LOGIN / S: 334 {Username:} / C: *",
                "AuthExchange[mechanism=LOGIN, user=(unknown), cancelled]", ""),
            Arguments.of("CRAM-MD5",
                "C: AUTH CRAM-MD5 / S: 334 {<1896.697170952@postoffice.example.net>}"
                    + " / C: {tim b913a602c7eda7a495b4e6e7334d3890} / S: 235 2.7.0 ok",
                "AuthExchange[mechanism=CRAM-MD5, user=tim, finished 235]", "b913a602c7eda7a495b4e6e7334d3890"),
            Arguments.of("CRAM-MD5, no digest",
                "C: AUTH CRAM-MD5 / S: 334 {<1.2@x>} / C: {b913a602c7eda7a495b4e6e7334d3890} / S: 535 5.7.8 no",
                "AuthExchange[mechanism=CRAM-MD5, user=(unknown), finished 535]", "b913a602c7eda7a495b4e6e7334d3890"),
            Arguments.of("XOAUTH2, initial response",
                "C: AUTH XOAUTH2 {user=someone@mail.test^Aauth=Bearer " + TOKEN + "^A^A} / S: 235 2.7.0 ok",
                "AuthExchange[mechanism=XOAUTH2, user=someone@mail.test, finished 235]", TOKEN),
            Arguments.of("XOAUTH2, continuation and error challenge",
                "C: AUTH XOAUTH2 / S: 334 / C: {user=someone@mail.test^Aauth=Bearer " + TOKEN + "^A^A}"
                    + " / S: 334 eyJzdGF0dXMiOiI0MDEifQ== / C: / S: 535 5.7.8 invalid token",
                "AuthExchange[mechanism=XOAUTH2, user=someone@mail.test, finished 535]", TOKEN),
            Arguments.of("XOAUTH2, no user field",
                "C: AUTH XOAUTH2 {auth=Bearer " + TOKEN + "^A^A} / S: 535 5.7.8 no",
                "AuthExchange[mechanism=XOAUTH2, user=(unknown), finished 535]", TOKEN),
            Arguments.of("other mechanism: user name unknown, lines still accepted",
                "C: AUTH SCRAM-SHA-256 {n,,n=alice,r=rOprNGfwEbeRWgbNEkqO} / S: 334 {r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096}"
                    + " / C: {c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=}"
                    + " / S: 334 {v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=} / C: / S: 235 2.7.0 ok",
                "AuthExchange[mechanism=SCRAM-SHA-256, user=(unknown), finished 235]",
                "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="),
            Arguments.of("no mechanism, credentials where the mechanism should be",
                "C: AUTH {^@alice^@s3cret-Pa55} / S: 504 5.5.4 unrecognized authentication type",
                "AuthExchange[mechanism=INVALID, user=(unknown), finished 504]", "s3cret-Pa55"),
            Arguments.of("mechanism name longer than 20 characters",
                "C: AUTH ABCDEFGHIJKLMNOPQRSTU / S: 504 5.5.4 unrecognized authentication type",
                "AuthExchange[mechanism=INVALID, user=(unknown), finished 504]", "ABCDEFGHIJKLMNOPQRSTU")
        );
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("dialogues")
    void readsTheUserNameOfEveryMechanism(String name, String script, String shown, String secret) {
        assertThat(new AuthDialogue(script).play()).hasToString(shown);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("dialogues")
    void neverKeepsOrShowsASecret(String name, String script, String shown, String secret) {
        assumeFalse(secret.isEmpty(), "no secret in this dialogue");
        AuthDialogue dialogue = new AuthDialogue(script);
        AuthExchange exchange = dialogue.play();

        String exposed = everythingVisibleIn(exchange);
        List<String> forbidden = new ArrayList<>(dialogue.encodedBlocksContaining(secret));
        forbidden.add(secret);
        forbidden.add(AuthDialogue.base64(secret));
        for (String text : forbidden) {
            assertThat(exposed).as("what the exchange shows and keeps").doesNotContain(text);
        }
    }

    /** toString, every accessor result and every field's value. */
    private static String everythingVisibleIn(AuthExchange exchange) {
        StringBuilder sb = new StringBuilder(exchange.toString())
                .append('|').append(exchange.mechanism())
                .append('|').append(exchange.userName())
                .append('|').append(exchange.authorizationIdentity())
                .append('|').append(exchange.result().map(Reply::toWireString));
        for (Field field : AuthExchange.class.getDeclaredFields()) {
            field.setAccessible(true);
            try {
                sb.append('|').append(field.get(exchange));
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        return sb.toString();
    }

    @Test
    void accessorsTellTheOutcome() {
        AuthExchange exchange = new AuthDialogue(
                "C: AUTH PLAIN {boss^@alice^@pw} / S: 235 2.7.0 Authentication successful").play();

        assertThat(exchange.mechanism()).isEqualTo("PLAIN");
        assertThat(exchange.userName()).contains("alice");
        assertThat(exchange.authorizationIdentity()).contains("boss");
        assertThat(exchange.finished()).isTrue();
        assertThat(exchange.succeeded()).isTrue();
        assertThat(exchange.cancelled()).isFalse();
        assertThat(exchange.result()).map(Reply::code).contains(235);
    }

    @Test
    void inProgressUntilTheFinalReply() {
        AuthExchange exchange = new AuthDialogue("C: AUTH LOGIN / S: 334 {Username:} / C: {alice}").play();

        assertThat(exchange.finished()).isFalse();
        assertThat(exchange.succeeded()).isFalse();
        assertThat(exchange.result()).isEmpty();
        assertThat(exchange.userName()).contains("alice");
        assertThat(exchange).hasToString("AuthExchange[mechanism=LOGIN, user=alice, in progress]");
    }

    @Test
    void theUserNameIsSanitisedAndBounded() {
        String control = new AuthDialogue("C: AUTH LOGIN {al\r\nice\u202e\u0007x}").play().userName().orElseThrow();
        String longName = new AuthDialogue("C: AUTH LOGIN {" + "a".repeat(150) + "}").play().userName().orElseThrow();
        String emoji = new AuthDialogue("C: AUTH LOGIN {" + "\uD83D\uDE00".repeat(120) + "}").play()
                .userName().orElseThrow();

        assertThat(control).isEqualTo("al??ice??x");
        assertThat(longName).isEqualTo("a".repeat(100));
        assertThat(emoji.codePointCount(0, emoji.length())).isEqualTo(100);
    }

    @Test
    void startsOnlyFromAnAuthCommand() {
        assertThatThrownBy(() -> AuthExchange.start(Command.parse("MAIL FROM:<a@b.test>")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isNotFedAfterItFinished() {
        AuthExchange exchange = new AuthDialogue("C: AUTH PLAIN {^@a^@b} / S: 235 2.7.0 ok").play();

        assertThatThrownBy(() -> exchange.onClientLine("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> exchange.onUpstreamReply(Reply.plain(250, "x")))
                .isInstanceOf(IllegalStateException.class);
    }
}
