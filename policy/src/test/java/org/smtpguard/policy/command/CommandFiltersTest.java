package org.smtpguard.policy.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smtpguard.policy.decision.Decision;
import org.smtpguard.policy.smtp.Command;
import org.smtpguard.policy.smtp.EnhancedStatus;
import org.smtpguard.policy.smtp.Reply;

class CommandFiltersTest {

    private static final SessionView PLAINTEXT = new SessionView(false, false, false, false);

    @Test
    void standardRunsVrfyExpnThenUnrelayedVerbsThenSessionOrderThenAuthRequiresTls() {
        assertThat(CommandFilters.standard().filters()).extracting(f -> f.getClass().getSimpleName())
                .containsExactly("VrfyExpnFilter", "UnrelayedVerbFilter", "GreetingFirstFilter", "StartTlsFilter",
                        "AuthRequiresTlsFilter");
        assertThat(CommandFilters.standard()).hasToString("CommandFilters[VrfyExpnFilter, UnrelayedVerbFilter, "
                + "GreetingFirstFilter, StartTlsFilter, AuthRequiresTlsFilter]");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "VRFY root             | refuse command_blocked 502 5.5.1 VRFY and EXPN are not available (directory harvest protection)",
        "ETRN example.test     | refuse command_blocked 502 5.5.1 ETRN not available through smtpguard",
        "AUTH LOGIN            | refuse auth_requires_tls 538 5.7.11 Encryption required for requested authentication mechanism: use STARTTLS first",
        "MAIL FROM:<a@b.test>  | forward",
        "QUIT                  | forward",
        "STARTTLS              | respond 502 5.5.1 STARTTLS not available",
    })
    void standardChainOnAPlaintextUntrustedClient(String line, String expected) {
        assertThat(DecisionText.of(CommandFilters.standard().decide(Command.parse(line), PLAINTEXT)))
                .isEqualTo(expected);
    }

    @Test
    void theFirstDecisionThatIsNotAForwardWins() {
        Reply first = Reply.of(451, EnhancedStatus.SYSTEM_TEMPORARY, "first");
        Reply second = Reply.of(550, EnhancedStatus.SECURITY_PERMANENT, "second");
        CommandFilters chain = new CommandFilters(List.of(
                (c, s) -> Decision.FORWARD,
                (c, s) -> new Decision.Respond(first),
                (c, s) -> new Decision.Respond(second)));

        assertThat(chain.decide(Command.parse("NOOP"), PLAINTEXT)).isEqualTo(new Decision.Respond(first));
    }

    @Test
    void anEmptyChainForwards() {
        assertThat(new CommandFilters(List.of()).decide(Command.parse("NOOP"), PLAINTEXT))
                .isSameAs(Decision.FORWARD);
    }
}
