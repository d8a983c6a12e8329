package org.smtpguard.policy.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyTest {

    @Test
    void parseTakesTheEnhancedStatusOutOfEveryLine() {
        Reply reply = Reply.parse(550, List.of("5.1.1 no such user", "5.1.1 really"));

        assertThat(reply.enhancedStatus()).contains(new EnhancedStatus(5, 1, 1));
        assertThat(reply.lines()).containsExactly("no such user", "really");
        assertThat(reply.toWireString()).isEqualTo("550-5.1.1 no such user\r\n550 5.1.1 really\r\n");
    }

    @Test
    void parseWithoutEnhancedStatusKeepsTheTextAsReceived() {
        Reply reply = Reply.parse(250, List.of("mail.test", "PIPELINING", "SIZE 1000"));

        assertThat(reply.enhancedStatus()).isEmpty();
        assertThat(reply.lines()).containsExactly("mail.test", "PIPELINING", "SIZE 1000");
        assertThat(reply.toWireString()).isEqualTo("250-mail.test\r\n250-PIPELINING\r\n250 SIZE 1000\r\n");
    }

    @Test
    void parseIgnoresAStatusOfAnotherClassThanTheCode() {
        Reply reply = Reply.parse(250, List.of("5.1.1 odd"));

        assertThat(reply.enhancedStatus()).isEmpty();
        assertThat(reply.toWireString()).isEqualTo("250 5.1.1 odd\r\n");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "'550 5.1.1 user unknown'   | '5.1.1 user unknown'",
        "'250 2.0.0'                | '2.0.0'",
        "'451 4.3.0 try again'      | '4.3.0 try again'",
    })
    void aParsedSingleLineReplyGoesBackOnTheWireUnchanged(String wire, String text) {
        int code = Integer.parseInt(wire.substring(0, 3));

        assertThat(Reply.parse(code, List.of(text)).toWireString()).isEqualTo(wire + "\r\n");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"5.01.1 user unknown", "5.1.1\tuser unknown"})
    void anUnusuallyWrittenStatusIsNotRepeatedOnTheWire(String text) {
        Reply reply = Reply.parse(550, List.of(text));

        assertThat(reply.enhancedStatus()).contains(new EnhancedStatus(5, 1, 1));
        assertThat(reply.toWireString()).isEqualTo("550 5.1.1 user unknown\r\n");
    }

    @Test
    void multiLineWireFormUsesDashUntilTheLastLineAndTheStatusOnEachLine() {
        Reply reply = new Reply(421, EnhancedStatus.CRYPTOGRAPHIC_FAILURE,
                List.of("upstream certificate not verified", "", "try again later"));

        assertThat(reply.toWireString()).isEqualTo(
                "421-4.7.5 upstream certificate not verified\r\n"
                        + "421-4.7.5\r\n"
                        + "421 4.7.5 try again later\r\n");
    }

    @Test
    void toWireIsUtf8() {
        Reply reply = Reply.plain(250, "grüße");

        assertThat(reply.toWire()).isEqualTo("250 grüße\r\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void summaryAndToStringShowCodeStatusAndFirstLine() {
        Reply reply = Reply.of(421, EnhancedStatus.CRYPTOGRAPHIC_FAILURE, "certificate not verified");

        assertThat(reply.summary()).isEqualTo("4.7.5 certificate not verified");
        assertThat(reply).hasToString("421 4.7.5 certificate not verified");
        assertThat(Reply.plain(220, "mail.test ESMTP")).hasToString("220 mail.test ESMTP");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        "220, true, false, false, false",
        "334, true, true, false, false",
        "421, false, false, true, false",
        "554, false, false, false, true",
    })
    void classifiesTheCode(int code, boolean positive, boolean intermediate, boolean transientFailure,
                           boolean permanentFailure) {
        Reply reply = Reply.plain(code, "x");

        assertThat(reply.isPositive()).isEqualTo(positive);
        assertThat(reply.isIntermediate()).isEqualTo(intermediate);
        assertThat(reply.isTransientFailure()).isEqualTo(transientFailure);
        assertThat(reply.isPermanentFailure()).isEqualTo(permanentFailure);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"bad\r\n250 injected", "bad\ninjected", "bad\rinjected"})
    void rejectsCrOrLfInTheText(String text) {
        assertThatThrownBy(() -> Reply.plain(250, text)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Reply.parse(250, List.of("ok", text)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(ints = {0, 199, 600, 1000})
    void rejectsCodesOutsideTwoToFiveHundred(int code) {
        assertThatThrownBy(() -> Reply.plain(code, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAReplyWithoutLines() {
        assertThatThrownBy(() -> new Reply(250, null, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Reply.parse(250, List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
