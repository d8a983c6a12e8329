package org.smtpguard.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.smtpguard.policy.smtp.EnhancedStatus;
import org.smtpguard.policy.smtp.Reply;

class DecisionTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @EnumSource(RefusalReason.class)
    void refuseOfAReasonUsesItsReplyAndClosesOnlyOn421(RefusalReason reason) {
        Decision.Refuse refuse = Decision.Refuse.of(reason);

        assertThat(refuse.reply()).isEqualTo(reason.reply());
        assertThat(refuse.reason()).isEqualTo(reason);
        assertThat(refuse.close()).isEqualTo(reason.reply().code() == 421);
    }

    @Test
    void refuseWithASpecificReplyKeepsTheReasonsClose() {
        Reply reply = Reply.of(421, EnhancedStatus.CRYPTOGRAPHIC_FAILURE, "certificate of mail.test expired");

        assertThat(Decision.Refuse.of(RefusalReason.CERT_EXPIRED, reply))
                .isEqualTo(new Decision.Refuse(reply, RefusalReason.CERT_EXPIRED, true));
    }

    @Test
    void aRefusalNeedsAFailureReply() {
        assertThatThrownBy(() -> new Decision.Refuse(Reply.plain(250, "ok"), RefusalReason.COMMAND_BLOCKED, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void forwardIsOneValue() {
        assertThat(Decision.FORWARD).isEqualTo(new Decision.Forward());
    }
}
