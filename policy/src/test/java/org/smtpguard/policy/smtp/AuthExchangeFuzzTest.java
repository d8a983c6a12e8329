package org.smtpguard.policy.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Fuzzes the AUTH user-name extraction ({@link AuthExchange}, {@link SaslResponses}) with what a
 * client and an upstream can send. Properties: peer input never makes it throw; a user name shown
 * is at most 100 code points without control characters; a password (PLAIN, LOGIN) is never in the
 * user name, the authorization identity or {@code toString()} unless the client typed it there
 * itself; a well-formed PLAIN or LOGIN exchange yields exactly the user name the client sent.
 */
class AuthExchangeFuzzTest {

    private static final Reply OK = Reply.parse(235, List.of("2.7.0 ok"));

    @FuzzTest(maxDuration = "2m")
    void showsOnlyABoundedCleanUserNameAndNeverThePassword(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 2)) {
            case 0 -> anyDialogue(data);
            case 1 -> plain(data);
            default -> login(data);
        }
    }

    /** Arbitrary AUTH line, challenges and responses. */
    private static void anyDialogue(FuzzedDataProvider data) {
        AuthExchange exchange = AuthExchange.start(Command.parse("AUTH " + line(data)));
        int steps = data.consumeInt(0, 6);
        for (int i = 0; i < steps && !exchange.finished(); i++) {
            if (data.consumeBoolean()) {
                exchange.onUpstreamReply(Reply.parse(334, List.of(line(data))));
            } else {
                exchange.onClientLine(line(data));
            }
        }
        if (!exchange.finished()) {
            exchange.onUpstreamReply(Reply.parse(data.pickValue(new Integer[] {235, 454, 535}), List.of(line(data))));
        }
        assertBounded(exchange);
        assertThat(exchange.toString()).isNotNull();
    }

    private static void plain(FuzzedDataProvider data) {
        String authzid = data.consumeString(40);
        String user = data.consumeString(120);
        String password = "pw-" + data.consumeRemainingAsString();
        String response = base64(authzid + "\0" + user + "\0" + password);
        boolean initial = response.length() % 2 == 0;
        AuthExchange exchange = AuthExchange.start(Command.parse("AUTH PLAIN" + (initial ? " " + response : "")));
        if (!initial) {
            exchange.onUpstreamReply(Reply.parse(334, List.of("")));
            exchange.onClientLine(response);
        }
        exchange.onUpstreamReply(OK);
        assertBounded(exchange);
        assertNoSecret(exchange, password, authzid, user);
        if (wellFormed(user) && user.indexOf('\0') < 0 && authzid.indexOf('\0') < 0) {
            assertThat(exchange.userName()).as("user of PLAIN").hasValue(user);
        }
    }

    private static void login(FuzzedDataProvider data) {
        String user = data.consumeString(120);
        String password = "pw-" + data.consumeRemainingAsString();
        AuthExchange exchange = AuthExchange.start(Command.parse("AUTH LOGIN"));
        exchange.onUpstreamReply(Reply.parse(334, List.of(base64("Username:"))));
        exchange.onClientLine(base64(user));
        exchange.onUpstreamReply(Reply.parse(334, List.of(base64("Password:"))));
        exchange.onClientLine(base64(password));
        exchange.onUpstreamReply(OK);
        assertBounded(exchange);
        assertNoSecret(exchange, password, user);
        if (wellFormed(user)) {
            assertThat(exchange.userName()).as("user of LOGIN").hasValue(user);
        }
    }

    private static void assertBounded(AuthExchange exchange) {
        for (var shown : List.of(exchange.userName(), exchange.authorizationIdentity())) {
            shown.ifPresent(name -> {
                assertThat(name.codePointCount(0, name.length())).isBetween(1, SaslResponses.MAX_IDENTITY);
                assertThat(name.codePoints()).noneMatch(Character::isISOControl);
            });
        }
        assertThat(exchange.mechanism()).matches("[A-Z0-9_-]{1,20}|INVALID");
    }

    private static void assertNoSecret(AuthExchange exchange, String password, String... typedElsewhere) {
        for (String typed : typedElsewhere) {
            if (typed.contains(password) || SaslResponses.sanitised(typed).orElse("").contains(password)) {
                return; // the client typed its password into the user name itself
            }
        }
        assertThat(exchange.userName().orElse("")).doesNotContain(password);
        assertThat(exchange.authorizationIdentity().orElse("")).doesNotContain(password);
        assertThat(exchange.toString()).doesNotContain(password);
    }

    /** A name that the extraction keeps as it is: 1..100 code points, valid UTF-16, no control or format characters. */
    private static boolean wellFormed(String name) {
        if (name.isEmpty() || name.codePointCount(0, name.length()) > SaslResponses.MAX_IDENTITY) {
            return false;
        }
        return name.codePoints().allMatch(cp -> {
            int type = Character.getType(cp);
            return type != Character.CONTROL && type != Character.FORMAT && type != Character.LINE_SEPARATOR
                    && type != Character.PARAGRAPH_SEPARATOR && type != Character.SURROGATE;
        });
    }

    /** A line as a peer could send it: one char per byte, no CR or LF. */
    private static String line(FuzzedDataProvider data) {
        byte[] bytes = data.consumeBytes(data.consumeInt(0, 200));
        return new String(bytes, StandardCharsets.ISO_8859_1).replace('\r', ' ').replace('\n', ' ');
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
