package org.smtpguard.policy.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smtpguard.policy.smtp.Reply;

class HarvestCounterTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration DELAY = Duration.ofSeconds(2);
    private static final Reply NO_SUCH_USER = Reply.parse(550, List.of("5.1.1 <x@example.org>: User unknown"));
    private static final Reply OK = Reply.parse(250, List.of("2.1.5 Ok"));

    @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "550 | 5.1.1 User unknown           | true",
        "550 | Mailbox unavailable          | true",
        "550 | 5.7.1 Relaying denied        | true",
        "553 | 5.1.3 Bad address syntax     | true",
        "551 | 5.1.6 User has moved         | true",
        "552 | 5.2.2 Mailbox full           | false",
        "554 | 5.7.1 Rejected               | false",
        "450 | 4.1.1 Try later              | false",
        "452 | 4.5.3 Too many recipients    | false",
        "250 | 2.1.5 Ok                     | false",
    })
    void countsOnly550AndPermanent51x(int code, String text, boolean counted) {
        assertThat(HarvestCounter.isRefusedRecipient(Reply.parse(code, List.of(text.strip())))).isEqualTo(counted);
    }

    @Test
    void tarpitsPastTheFirstThresholdAndDisconnectsPastTheSecond() {
        HarvestCounter counter = new HarvestCounter(new HarvestLimits(2, 4, DELAY, Duration.ofMinutes(10)), 100);
        assertThat(counter.recipientReply("c", NO_SUCH_USER, T0)).isEqualTo(HarvestCounter.PASS);
        assertThat(counter.recipientReply("c", NO_SUCH_USER, T0)).isEqualTo(HarvestCounter.PASS);
        assertThat(counter.recipientReply("c", OK, T0)).as("a good one while under").isEqualTo(HarvestCounter.PASS);
        assertThat(counter.recipientReply("c", NO_SUCH_USER, T0)).isEqualTo(new HarvestCounter.Verdict.Tarpit(DELAY));
        assertThat(counter.recipientReply("c", OK, T0)).as("every RCPT reply is slowed once over")
                .isEqualTo(new HarvestCounter.Verdict.Tarpit(DELAY));
        assertThat(counter.recipientReply("c", NO_SUCH_USER, T0)).isEqualTo(new HarvestCounter.Verdict.Tarpit(DELAY));
        assertThat(counter.recipientReply("c", NO_SUCH_USER, T0)).isEqualTo(HarvestCounter.DISCONNECT);
        assertThat(counter.recipientReply("other", NO_SUCH_USER, T0)).as("per client").isEqualTo(HarvestCounter.PASS);
    }

    @Test
    void countsAcrossSessionsUntilTheWindowPasses() {
        HarvestCounter counter = new HarvestCounter(new HarvestLimits(1, 1, DELAY, Duration.ofMinutes(10)), 100);
        counter.recipientReply("c", NO_SUCH_USER, T0);
        assertThat(counter.recipientReply("c", NO_SUCH_USER, T0.plusSeconds(599))).isEqualTo(HarvestCounter.DISCONNECT);
        assertThat(counter.recipientReply("c", NO_SUCH_USER, T0.plusSeconds(601))).as("a new window")
                .isEqualTo(HarvestCounter.PASS);
    }

    @Test
    void zeroThresholdsAreOff() {
        HarvestCounter counter = new HarvestCounter(new HarvestLimits(0, 0, DELAY, Duration.ofMinutes(10)), 100);
        for (int i = 0; i < 100; i++) {
            assertThat(counter.recipientReply("c", NO_SUCH_USER, T0)).isEqualTo(HarvestCounter.PASS);
        }
    }
}
